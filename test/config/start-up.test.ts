import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { checkStartUp, StartUpError } from '../../config/start-up';
import { problemsOf } from '../support/config-problems';

const SECRETS = {
  HANDOFF_API_TOKEN: 'a'.repeat(16),
  HANDOFF_CALLBACK_SECRET: 'b'.repeat(16),
  LOCAL_DESK_SECRET: 'c'.repeat(16),
  HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
};

function startUpProblems(env: NodeJS.ProcessEnv): StartUpError {
  try {
    checkStartUp(env);
  } catch (error) {
    expect(error).toBeInstanceOf(StartUpError);
    return error as StartUpError;
  }
  throw new Error('expected a StartUpError');
}

describe('the profiles file', () => {
  it('reports schema errors and trigger-rule syntax errors together', () => {
    expect(
      problemsOf(`
profiles:
  a:
    mode: teleport
    platform: local-desk
    triggerRule: 'user.x =='
  b:
    mode: url
    platform: local-desk
    triggerRule: ''
`),
    ).toEqual([
      // Once: a wrong mode is not also refused by the platform's modes.
      expect.stringMatching(/^profiles\.a\.mode: /),
      expect.stringMatching(/^profiles\.b\.triggerRule: /),
      expect.stringMatching(/^profiles\.a\.triggerRule: line 1, column \d+: /),
    ]);
  });

  it('shows a YAML syntax error at the line of the mistake, with that line and a caret', () => {
    expect(problemsOf('profiles:\n  a: [unclosed\n  b: x\n')).toEqual(['line 2, column 6: this [ is never closed with ]\n  a: [unclosed\n     ^']);
  });
});

describe('the start-up check', () => {
  it('reports the environment and the profiles file at once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'start-up-'));
    const file = path.join(dir, 'handoff.yaml');
    writeFileSync(file, "profiles:\n  a:\n    mode: url\n    platform: local-desk\n    triggerRule: '$NOPE()'\n");
    const error = startUpProblems({ ...SECRETS, HANDOFF_API_TOKEN: '', PORT: '', HANDOFF_CONFIG: file, TEMPORAL_TLS_CERT: path.join(dir, 'missing.pem') });

    expect(error.groups).toEqual([
      {
        title: 'the environment',
        problems: [
          'PORT: must be a port number from 0 to 65535 (empty in the environment variable)',
          'HANDOFF_API_TOKEN: must be at least 16 characters (empty in the environment variable)',
          `TEMPORAL_TLS_CERT: cannot read ${path.join(dir, 'missing.pem')} (ENOENT)`,
          'TEMPORAL_TLS_KEY: not set (a client certificate needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY)',
        ],
      },
      { title: `the profiles file ${file} (HANDOFF_CONFIG)`, problems: [expect.stringMatching(/^profiles\.a\.triggerRule: line 1, column 1: /)] },
    ]);
    expect(error.message).toMatch(/^fix these and start again\n {2}the environment:\n {4}- PORT: /);
  });

  it('says a variable is not set rather than quoting the schema', () => {
    expect(startUpProblems({ HANDOFF_API_TOKEN: 'a'.repeat(16) }).groups[0]!.problems).toEqual([
      'HANDOFF_CALLBACK_SECRET: not set',
      'LOCAL_DESK_SECRET: not set',
      'HANDOFF_ENCRYPTION_KEYS: not set',
    ]);
  });

  it('returns the settings and the profiles when both are good', () => {
    const { settings, config } = checkStartUp({ ...SECRETS, PORT: '3001' });
    expect(settings.PORT).toBe(3001);
    expect([...config.profiles.keys()]).toEqual(['default', 'office', 'url', 'api']);
  });
});
