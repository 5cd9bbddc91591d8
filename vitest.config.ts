import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` needs nothing running (`npm run test:unit`, seconds); `integration`
 * (`*.integration.test.ts`) runs on one real Temporal dev server and workflow bundle per run
 * (test/global-setup.ts), with the API, the desk and simulators over real HTTP.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'platforms/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts', 'platforms/**/*.integration.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
