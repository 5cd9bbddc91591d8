/**
 * `npm start` generates the encryption key and the codec token once, keeps them in its secrets
 * file, and gives its dev server's UI the codec endpoint (the path form: that UI sends no
 * credentials), which the API serves to the UI's origin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEncryptionKeys } from '../../codec/encryption-keys';
import { freePorts, runScript, type ScriptRun } from '../start/run-script';

const START_TIMEOUT_MS = 150_000;
let dir: string;
let start: ScriptRun;
let ports: { temporal: number; ui: number; api: number };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-npm-start-codec-'));
  const [temporal, ui, api] = await freePorts(3);
  ports = { temporal: temporal!, ui: ui!, api: api! };
  start = runScript('tools/scripts/start.ts', {
    HANDOFF_DATA_DIR: dir,
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    PORT: String(ports.api),
  });
  await start.waitFor(/Handoff is running\./, START_TIMEOUT_MS);
}, START_TIMEOUT_MS + 10_000);

afterAll(() => {
  start?.cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start and the codec server', () => {
  it('keeps one generated key and a codec token, and wires the Temporal UI to the codec endpoint', async () => {
    const secrets = JSON.parse(readFileSync(path.join(dir, 'generated-secrets.json'), 'utf8')) as Record<string, string>;
    expect(parseEncryptionKeys(secrets.HANDOFF_ENCRYPTION_KEYS!).byId.size).toBe(1);
    const token = secrets.HANDOFF_CODEC_TOKEN!;
    expect(token).toHaveLength(32);
    expect(start.output()).not.toContain(token);
    expect(start.output()).not.toContain(secrets.HANDOFF_ENCRYPTION_KEYS!.split(':')[1]);

    const uiOrigin = `http://localhost:${ports.ui}`;
    const settings = (await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
    const endpoint = settings.Codec.Endpoint;
    expect(endpoint).toBe(`http://localhost:${ports.api}/codec/${token}`);

    const value = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"ada@example.com"').toString('base64') };
    const call = (operation: string, body: unknown) =>
      fetch(`${endpoint.replace('localhost', '127.0.0.1')}/${operation}`, {
        method: 'POST',
        headers: { origin: uiOrigin, 'content-type': 'application/json', 'x-namespace': 'default' },
        body: JSON.stringify(body),
      });
    const encoded = await call('encode', { payloads: [value] });
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const decoded = (await (await call('decode', await encoded.json())).json()) as { payloads: unknown[] };
    expect(decoded.payloads).toEqual([value]);
  });
});
