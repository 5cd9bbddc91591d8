import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { freePorts, runScript, type ScriptRun } from '../start/run-script';

let run: ScriptRun | undefined;
let holder: Server | undefined;
let dir = '';
afterEach(async () => {
  run?.cleanUp();
  await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start and the worker's metrics port", () => {
  it('refuses a WORKER_METRICS_PORT in use before it starts anything, naming the setting', async () => {
    const [temporal, ui, api, metrics] = await freePorts(4);
    holder = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => holder!.listen(metrics, '127.0.0.1', resolve));
    dir = mkdtempSync(path.join(tmpdir(), 'handoff-metrics-port-'));
    run = runScript('tools/scripts/start.ts', {
      HANDOFF_DATA_DIR: path.join(dir, 'data'),
      HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
      TEMPORAL_PORT: String(temporal),
      TEMPORAL_UI_PORT: String(ui),
      PORT: String(api),
      WORKER_METRICS_PORT: String(metrics),
    });
    const { code, output } = await run.ended(60_000);
    expect(code).toBe(1);
    expect(output).toContain(`port ${metrics} (WORKER_METRICS_PORT, for the worker's metrics) is in use`);
    expect(output).not.toContain('Handoff is running.');
  });
});
