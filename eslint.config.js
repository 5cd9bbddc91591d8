// Lint for the whole project: typescript-eslint's recommended rules, and the workflow sandbox's
// import rule (workflow code imports only @temporalio/workflow, @temporalio/common and pure project
// modules; types may come from anywhere). test/workflows/purity.test.ts checks the whole import graph.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const WORKFLOW_SANDBOX = {
  patterns: [
    {
      regex: '^(?!\\.{1,2}/|@temporalio/(workflow|common)$)',
      message: 'workflow code runs in the deterministic sandbox: only @temporalio/workflow, @temporalio/common and pure project modules',
      allowTypeImports: true,
    },
    {
      regex: '^\\.\\./(activities|api|platforms|apps|ticketing|config|system|worker|tools)(/|$)',
      message: 'workflow code may take only types from the worker and API side',
      allowTypeImports: true,
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'data/**', 'test-artifacts/**', 'clients/*/dist/**', 'tools/bin/handoff-rule.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly' },
      // Type-aware rules: the service's and the pages' programs, each with its own lib.
      parserOptions: { project: ['./tsconfig.json', './tsconfig.pages.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its failure (an unhandled rejection ends the process) and its order.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async callback where a void one is expected (an Express handler, an event listener) loses its failure.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  { files: ['workflows/**/*.ts'], rules: { 'no-restricted-imports': ['error', WORKFLOW_SANDBOX] } },
  { files: ['test/**/*.ts', 'platforms/*/test/**/*.ts', 'tools/bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
