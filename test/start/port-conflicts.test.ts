import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { portFree } from '../../tools/scripts/ports';
import { freePorts, runScript, STACK_LINE, type ScriptRun } from './run-script';

let dir: string;
let runs: ScriptRun[] = [];
let holders: { server: Server; sockets: Set<Socket> }[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-ports-'));
});
afterEach(async () => {
  for (const run of runs) run.cleanUp();
  runs = [];
  for (const { sockets } of holders) for (const socket of sockets) socket.destroy();
  await Promise.all(holders.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  holders = [];
  rmSync(dir, { recursive: true, force: true });
});

/** Another program on the port: a plain TCP listener, or (with `http`) a web server answering 200 to everything. */
async function hold(port: number, http = false): Promise<void> {
  const server: Server = http ? createHttpServer((_req, res) => res.end('{"status":"ok"}')) : createServer((socket) => socket.end());
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => sockets.add(socket.once('close', () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  holders.push({ server, sockets });
}

async function npmStart(ports: { temporal: number; ui: number; api: number }): Promise<{ code: number | null; output: string }> {
  const start = runScript('tools/scripts/start.ts', {
    HANDOFF_DATA_DIR: path.join(dir, 'data'),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    PORT: String(ports.api),
  });
  runs.push(start);
  return start.ended(60_000);
}

const THIS_PROCESS = `process ${process.pid} (`;

describe('npm start with a port already in use', () => {
  it('refuses another web server on the API port, naming the port and the process, and starts nothing', async () => {
    const [temporal, ui, api] = await freePorts(3);
    await hold(api!, true);
    const { code, output } = await npmStart({ temporal: temporal!, ui: ui!, api: api! });

    expect(code).toBe(1);
    expect(output).toContain(`port ${api} (PORT, for the API) is in use by ${THIS_PROCESS}`);
    expect(output).toContain('set PORT to a free port');
    expect(output).not.toContain('Handoff is running.');
    expect(output).not.toMatch(STACK_LINE);
    expect(await portFree(temporal!, '127.0.0.1')).toBe(true);
  });

  it('refuses a plain TCP listener on the Temporal port instead of using it as a Temporal server', async () => {
    const [temporal, ui, api] = await freePorts(3);
    await hold(temporal!);
    const { code, output } = await npmStart({ temporal: temporal!, ui: ui!, api: api! });

    expect(code).toBe(1);
    expect(output).toContain(`port ${temporal} (TEMPORAL_PORT, for Temporal) is in use by ${THIS_PROCESS}`);
    expect(output).toContain('which does not answer as a Temporal server');
    expect(output).not.toContain('using it');
    expect(output).not.toContain('Handoff is running.');
    expect(output).not.toMatch(STACK_LINE);
    expect(await portFree(api!)).toBe(true);
  });

  it('refuses a listener on the Temporal UI port', async () => {
    const [temporal, ui, api] = await freePorts(3);
    await hold(ui!);
    const { code, output } = await npmStart({ temporal: temporal!, ui: ui!, api: api! });

    expect(code).toBe(1);
    expect(output).toContain(`port ${ui} (TEMPORAL_UI_PORT, for the Temporal UI) is in use by ${THIS_PROCESS}`);
    expect(output).not.toContain('Handoff is running.');
    expect(await portFree(temporal!, '127.0.0.1')).toBe(true);
  });
});

describe('the API process on a port in use', () => {
  it('exits 1 with "address in use", naming the port, instead of saying it listens', async () => {
    const [api] = await freePorts(1);
    await hold(api!, true);
    const alone = runScript('system/api-process.ts', {
      PORT: String(api),
      HANDOFF_DATA_DIR: path.join(dir, 'data'),
      HANDOFF_API_TOKEN: 'a'.repeat(16),
      HANDOFF_CALLBACK_SECRET: 'b'.repeat(16),
      HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
      LOCAL_DESK_SECRET: 'c'.repeat(16),
    });
    runs.push(alone);
    const { code, output } = await alone.ended(30_000);

    expect(code).toBe(1);
    expect(output).toContain(`api: cannot listen on port ${api}: address in use: port ${api} (PORT) is in use by ${THIS_PROCESS}`);
    expect(output).not.toContain('api: listening');
    expect(output).not.toMatch(STACK_LINE);
  });
});
