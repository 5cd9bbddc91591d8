/**
 * The API process as `npm run api` starts it (no Temporal needed: its client connects on first
 * use): on 127.0.0.1 unless HOST says otherwise, and in a data folder only its user may enter.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { runScript, STACK_LINE, type ScriptRun } from '../start/run-script';
import { jsonLinesOf } from '../support/log-lines';

const dir = mkdtempSync(path.join(tmpdir(), 'handoff-listen-'));
const runs: ScriptRun[] = [];
afterAll(() => {
  for (const run of runs) run.cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

const LISTENING = /"msg":"listening on (\S+):(\d+),/;

async function startApi(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ run: ScriptRun; address: string; port: number }> {
  const run = runScript('system/api-process.ts', {
    HANDOFF_API_TOKEN: 'listen-test-token-0123456789',
    HANDOFF_CALLBACK_SECRET: 'listen-test-callback-0123456789',
    LOCAL_DESK_SECRET: 'listen-test-desk-secret-0123456789',
    HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
    HANDOFF_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    PORT: '0',
    ...env,
  });
  runs.push(run);
  await run.waitFor(LISTENING, 60_000);
  const [, address, port] = LISTENING.exec(run.output())!;
  return { run, address: address!, port: Number(port) };
}

/** Whether a TCP connection to `host:port` is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** An IPv4 address of this machine other than loopback, when it has one. */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

describe('the API process', () => {
  it('listens on 127.0.0.1 by default, and tightens a data folder others could enter to 0700', async () => {
    const dataDir = path.join(dir, 'default');
    mkdirSync(dataDir, { mode: 0o755 });
    const { run, address, port } = await startApi(dataDir);

    expect(address).toBe('127.0.0.1');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    if (otherAddress) expect(await accepts(otherAddress, port), `${otherAddress}:${port} must not accept connections`).toBe(false);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(jsonLinesOf(run.output())).toContainEqual(
      expect.objectContaining({ level: 'warn', process: 'api', msg: `the folder ${dataDir} was readable by others (mode 0755); made it 0700` }),
    );
    expect(run.output()).not.toMatch(STACK_LINE);
  });

  it('creates a missing data folder 0700, and listens where HOST says', async () => {
    const dataDir = path.join(dir, 'everywhere', 'data');
    const { address, port } = await startApi(dataDir, { HOST: '0.0.0.0' });

    expect(address).toBe('0.0.0.0');
    if (otherAddress) expect(await accepts(otherAddress, port)).toBe(true);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it('refuses a HOST that is not an address or a name, without a stack trace', async () => {
    const run = runScript('system/api-process.ts', {
      HANDOFF_API_TOKEN: 'listen-test-token-0123456789',
      HANDOFF_CALLBACK_SECRET: 'listen-test-callback-0123456789',
      LOCAL_DESK_SECRET: 'listen-test-desk-secret-0123456789',
      HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
      HANDOFF_DATA_DIR: path.join(dir, 'refused'),
      HOST: 'http://0.0.0.0/',
    });
    runs.push(run);
    const { code, output } = await run.ended(60_000);
    expect(code).toBe(2);
    expect(output).toContain('HOST: must be an IP address or host name');
    expect(output).not.toMatch(STACK_LINE);
  });
});
