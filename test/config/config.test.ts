import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../config/load';
import { problemsOf } from '../support/config-problems';
import { parseDuration } from '../../config/duration';
import { MissingSecretError, resolveSecret } from '../../lib/secret-ref';
import { EXAMPLE_CONFIG_PATH, loadSettings, SettingsError } from '../../config/settings';
import { generateEncryptionKeys } from '../../codec/encryption-keys';

describe('the profiles file', () => {
  it('loads the shipped example with a profile for each mode', () => {
    const config = loadConfigFile(EXAMPLE_CONFIG_PATH);
    expect([...config.profiles.keys()]).toEqual(['default', 'office', 'url', 'api']);
    expect(config.profiles.get('default')).toMatchObject({
      mode: 'broker',
      fileTicket: true,
      timeouts: { agentAccept: 300_000, inactivity: 900_000, maxDuration: 28_800_000 },
    });
    expect(config.profiles.get('url')!.mode).toBe('url');
    expect(config.profiles.get('api')!.platformOptions).toEqual({ queue: 'Service desk' });
  });

  it('lists every problem with its path, not just the first', () => {
    const problems = problemsOf(`
profiles:
  a:
    mode: teleport
    platform: local-desk
  b:
    mode: broker
    platform: local-desk
    timeouts: { agentAccept: soon }
    platformOptions: { colour: blue }
  c:
    mode: url
    platform: nowhere
    surprise: true
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^profiles\.a\.mode: /),
        'profiles.b.timeouts.agentAccept: "soon" is not a duration like 500ms, 30s, 5m, 8h or 1d',
        'profiles.b.platformOptions.colour: unknown key',
        expect.stringMatching(/^profiles\.c\.platform: /),
        'profiles.c.surprise: unknown key',
      ]),
    );
  });

  it('names the profile, line and column of a trigger rule that does not parse', () => {
    const problems = problemsOf(`
profiles:
  sales:
    mode: url
    platform: local-desk
    triggerRule: 'user.department == "Sales" AND'
  ok:
    mode: url
    platform: local-desk
  bad-fn:
    mode: url
    platform: local-desk
    triggerRule: '$NOPE(user)'
`);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^profiles\.sales\.triggerRule: line 1, column \d+: /);
    expect(problems[1]).toMatch(/^profiles\.bad-fn\.triggerRule: line 1, column 1: .*\$NOPE/);
  });

  it('refuses a secret written into the file instead of an environment reference', () => {
    const problems = problemsOf(`
profiles:
  p:
    mode: url
    platform: local-desk
    fileTicket: true
    ticketing: { system: servicenow, instanceUrl: 'https://x.service-now.com', auth: { type: basic, username: admin, password: hunter2 } }
`);
    expect(problems).toEqual([
      'profiles.p.ticketing.auth.username: must be an environment reference like ${SERVICENOW_PASSWORD}, never the secret itself',
      'profiles.p.ticketing.auth.password: must be an environment reference like ${SERVICENOW_PASSWORD}, never the secret itself',
    ]);
  });

  it('refuses a mode the platform does not support and plain http to a remote ServiceNow', () => {
    expect(
      problemsOf(`
profiles:
  p:
    mode: url
    platform: local-desk
    ticketing: { system: servicenow, instanceUrl: 'http://x.service-now.com', auth: { type: basic, username: '\${U}', password: '\${P}' } }
`),
    ).toEqual(['profiles.p.ticketing.instanceUrl: must be https (http only for localhost)']);
  });

  it('reports malformed YAML with its line, and a missing file', () => {
    expect(problemsOf('profiles:\n  a: [unclosed\n')[0]).toMatch(/^line \d+, column \d+: /);
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    expect(() => loadConfigFile(path.join(dir, 'missing.yaml'))).toThrow(/cannot read the file/);
    writeFileSync(path.join(dir, 'empty.yaml'), 'profiles: {}\n');
    expect(() => loadConfigFile(path.join(dir, 'empty.yaml'))).toThrow(/at least one profile is required/);
  });
});

describe('run-time settings', () => {
  const valid = {
    HANDOFF_API_TOKEN: 'a'.repeat(16),
    HANDOFF_CALLBACK_SECRET: 'b'.repeat(16),
    LOCAL_DESK_SECRET: 'c'.repeat(16),
    HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
  };

  it('fills the documented defaults', () => {
    const settings = loadSettings(valid);
    expect(settings).toMatchObject({ PORT: 3000, TEMPORAL_ADDRESS: 'localhost:7233', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'handoff' });
    expect(settings.publicUrl).toBe('http://localhost:3000');
    expect(settings.localDeskUrl).toBe('http://localhost:3000/desk');
    expect(settings.HANDOFF_DEMO).toBe('off');
  });

  it('takes the log level of the API and the worker from a known list, INFO by default', () => {
    expect(loadSettings(valid).HANDOFF_LOG_LEVEL).toBe('INFO');
    expect(loadSettings({ ...valid, HANDOFF_LOG_LEVEL: 'DEBUG' }).HANDOFF_LOG_LEVEL).toBe('DEBUG');
    expect(() => loadSettings({ ...valid, HANDOFF_LOG_LEVEL: 'verbose' })).toThrow(/HANDOFF_LOG_LEVEL/);
  });

  it('takes the log format as json or pretty, and leaves it to the terminal when unset', () => {
    expect(loadSettings(valid).HANDOFF_LOG_FORMAT).toBeUndefined();
    expect(loadSettings({ ...valid, HANDOFF_LOG_FORMAT: 'pretty' }).HANDOFF_LOG_FORMAT).toBe('pretty');
    const error = (() => {
      try {
        return loadSettings({ ...valid, HANDOFF_LOG_FORMAT: 'xml' });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual(['HANDOFF_LOG_FORMAT: must be one of json, pretty (from the environment variable)']);
  });

  it('takes HANDOFF_DEMO as on or off only', () => {
    expect(loadSettings({ ...valid, HANDOFF_DEMO: 'on' }).HANDOFF_DEMO).toBe('on');
    expect(() => loadSettings({ ...valid, HANDOFF_DEMO: 'yes' })).toThrow(/HANDOFF_DEMO/);
  });

  it('lists every missing or invalid variable at once', () => {
    try {
      loadSettings({ PORT: 'eighty', HANDOFF_API_TOKEN: 'short' });
      throw new Error('expected a SettingsError');
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      const problems = (error as SettingsError).problems;
      expect(problems.map((p) => p.split(':')[0])).toEqual(
        expect.arrayContaining(['PORT', 'HANDOFF_API_TOKEN', 'HANDOFF_CALLBACK_SECRET', 'LOCAL_DESK_SECRET']),
      );
    }
  });
});

describe('small parsers', () => {
  it('parses durations in every unit and refuses others', () => {
    expect([parseDuration('500ms'), parseDuration('30s'), parseDuration('5m'), parseDuration('8h'), parseDuration('1d'), parseDuration('1.5m')]).toEqual([
      500, 30_000, 300_000, 28_800_000, 86_400_000, 90_000,
    ]);
    expect(parseDuration('5 minutes')).toBeUndefined();
    expect(parseDuration('-1s')).toBeUndefined();
  });

  it('resolves ${ENV} references and names a missing variable', () => {
    expect(resolveSecret('${SN_PASSWORD}', { SN_PASSWORD: 's3cret' })).toBe('s3cret');
    expect(() => resolveSecret('${SN_PASSWORD}', {})).toThrow(MissingSecretError);
    expect(() => resolveSecret('${SN_PASSWORD}', {})).toThrow('environment variable SN_PASSWORD is not set');
  });
});
