import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';
import { GENERATED_SECRET_NAMES, generatedSecrets, GeneratedSecretsFileError } from '../../tools/scripts/generated-secrets';
import { freePorts, runScript, STACK_LINE, type ScriptRun } from './run-script';

const KEYS = generateEncryptionKeys();
let dir: string;
let file: string;
let runs: ScriptRun[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-secrets-'));
  file = path.join(dir, 'generated-secrets.json');
});
afterEach(() => {
  for (const run of runs) run.cleanUp();
  runs = [];
  rmSync(dir, { recursive: true, force: true });
});

function saved(): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('the secrets npm start keeps in the data folder', () => {
  it('generates each secret once and keeps it for the next start', () => {
    const first = generatedSecrets(file, {});
    first.save();
    const second = generatedSecrets(file, {});

    expect(Object.keys(saved()).sort()).toEqual([...GENERATED_SECRET_NAMES].sort());
    expect(second.values).toEqual(first.values);
    expect(second.origins.HANDOFF_API_TOKEN).toBe(file);
    for (const value of Object.values(first.values)) expect(value.length).toBeGreaterThanOrEqual(16);
  });

  it('uses a value from the environment, even an empty one, and never writes it', () => {
    const secrets = generatedSecrets(file, { HANDOFF_API_TOKEN: '', LOCAL_DESK_SECRET: 'from-the-environment-0123' });
    secrets.save();

    expect(secrets.values.HANDOFF_API_TOKEN).toBe('');
    expect(secrets.origins.HANDOFF_API_TOKEN).toMatch(/^the environment variable; unset it/);
    expect(Object.keys(saved())).toEqual(['HANDOFF_CALLBACK_SECRET', 'HANDOFF_ENCRYPTION_KEYS', 'HANDOFF_CODEC_TOKEN']);
  });

  it('replaces an unusable value an older version wrote, naming the file and the key', () => {
    const kept = {
      HANDOFF_CALLBACK_SECRET: 'c'.repeat(32),
      LOCAL_DESK_SECRET: 'd'.repeat(32),
      HANDOFF_ENCRYPTION_KEYS: KEYS,
      HANDOFF_CODEC_TOKEN: 'e'.repeat(32),
    };
    writeFileSync(file, JSON.stringify({ HANDOFF_API_TOKEN: '', ...kept }));
    const secrets = generatedSecrets(file, {});
    secrets.save();

    expect(secrets.notes).toEqual([`${file} held an unusable HANDOFF_API_TOKEN (must be at least 16 characters); generated a new one`]);
    expect(secrets.values.HANDOFF_API_TOKEN).toHaveLength(32);
    expect(saved()).toEqual({ HANDOFF_API_TOKEN: secrets.values.HANDOFF_API_TOKEN, ...kept });
  });

  it('generates one encryption key the settings accept, and a codec token', () => {
    const secrets = generatedSecrets(file, {});
    expect(secrets.values.HANDOFF_ENCRYPTION_KEYS).toMatch(/^k1:[A-Za-z0-9+/]{43}=$/);
    expect(parseEncryptionKeys(secrets.values.HANDOFF_ENCRYPTION_KEYS).currentId).toBe('k1');
    expect(secrets.values.HANDOFF_CODEC_TOKEN).toHaveLength(32);
  });

  it('never replaces unusable encryption keys in the file (the history needs them): it names the problem, not the key', () => {
    const broken = `k2:${Buffer.alloc(16, 5).toString('base64')},${KEYS}`;
    writeFileSync(file, JSON.stringify({ HANDOFF_ENCRYPTION_KEYS: broken }));
    const failure = (() => {
      try {
        generatedSecrets(file, {});
      } catch (error) {
        return error as Error;
      }
    })();
    expect(failure).toBeInstanceOf(GeneratedSecretsFileError);
    expect(failure!.message).toBe(
      `${file}: HANDOFF_ENCRYPTION_KEYS is unusable (entry 1 (key id "k2"): the key must be base64 of 32 random bytes (it decodes to 16)); fix it (the Temporal history needs the keys it was encrypted with); remove it only if that history may be lost`,
    );
    expect(saved()).toEqual({ HANDOFF_ENCRYPTION_KEYS: broken });
  });

  it('names the file and how to fix it when it is not JSON', () => {
    writeFileSync(file, '{ "HANDOFF_API_TOKEN": ');
    expect(() => generatedSecrets(file, {})).toThrow(GeneratedSecretsFileError);
    expect(() => generatedSecrets(file, {})).toThrow(new RegExp(`^${file}: not valid JSON \\(.*\\); delete the file and \`npm start\` generates new secrets`));
  });
});

describe('HANDOFF_API_TOKEN= npm start', () => {
  it('says the empty value came from the environment, exits 2 and writes no token into the data folder', async () => {
    const [temporalPort, uiPort, apiPort] = await freePorts(3);
    const dataDir = path.join(dir, 'data');
    const start = runScript('tools/scripts/start.ts', {
      HANDOFF_DATA_DIR: dataDir,
      HANDOFF_API_TOKEN: '',
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      PORT: String(apiPort),
    });
    runs.push(start);
    const { code, output } = await start.ended(30_000);

    expect(code).toBe(2);
    expect(output).toContain('- HANDOFF_API_TOKEN: must be at least 16 characters (empty in the environment variable; unset it and `npm start` generates one)');
    expect(output).not.toMatch(STACK_LINE);
    const secretsFile = path.join(dataDir, 'generated-secrets.json');
    expect(existsSync(secretsFile) ? readFileSync(secretsFile, 'utf8') : '').not.toContain('HANDOFF_API_TOKEN');
  });

  it('names a secrets file that is not JSON and exits 2', async () => {
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'generated-secrets.json'), 'not json');
    const start = runScript('tools/scripts/start.ts', { HANDOFF_DATA_DIR: dataDir });
    runs.push(start);
    const { code, output } = await start.ended(30_000);

    expect(code).toBe(2);
    expect(output).toContain(`- ${path.join(dataDir, 'generated-secrets.json')}: not valid JSON`);
    expect(output).not.toMatch(/HANDOFF_API_TOKEN: not set/);
    expect(output).not.toMatch(STACK_LINE);
  });
});
