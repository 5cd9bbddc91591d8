/**
 * `npm start` as a person runs it, with its own Temporal dev server on free ports (not the test
 * run's): it says it runs only once its own processes serve, uses a Temporal server that answers
 * on its port, and stops everything when a child dies, even by SIGKILL.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portFree } from '../../tools/scripts/ports';
import { commandLineOf, freePorts, isRunning, runScript, STACK_LINE, type ScriptRun } from './run-script';
import { jsonLinesOf } from '../support/log-lines';

const RUNNING = /Handoff is running\./;
const API_LISTENING = /^api {4}\| \[[\d:.]+\] INFO: listening on /m;
const WORKER_POLLING = /^worker \| \[[\d:.]+\] INFO: polling task queue /m;
const START_TIMEOUT_MS = 150_000;

let dir: string;
let first: ScriptRun;
let ports: { temporal: number; ui: number; api: number };
const runs: ScriptRun[] = [];

function npmStart(dataDir: string, env: NodeJS.ProcessEnv): ScriptRun {
  // Two runs at once: each worker serves its metrics on a port of its own.
  const run = runScript('tools/scripts/start.ts', { HANDOFF_DATA_DIR: dataDir, WORKER_METRICS_PORT: '0', ...env });
  runs.push(run);
  return run;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-npm-start-'));
  const [temporal, ui, api] = await freePorts(3);
  ports = { temporal: temporal!, ui: ui!, api: api! };
  const dataDir = path.join(dir, 'first');
  mkdirSync(dataDir);
  // What an older version wrote after `HANDOFF_API_TOKEN= npm start`.
  writeFileSync(path.join(dataDir, 'generated-secrets.json'), JSON.stringify({ HANDOFF_API_TOKEN: '' }));
  // As a person at a terminal sees it (the test reads a pipe, which would be JSON otherwise).
  first = npmStart(dataDir, {
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    PORT: String(ports.api),
    HANDOFF_LOG_FORMAT: 'pretty',
  });
  await first.waitFor(RUNNING, START_TIMEOUT_MS);
}, START_TIMEOUT_MS + 10_000);

afterAll(() => {
  for (const run of runs) run.cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('replaces an unusable token an older version kept, and says it runs once its own API and worker serve', async () => {
    const output = first.output();
    const secretsFile = path.join(dir, 'first', 'generated-secrets.json');
    const token = (JSON.parse(readFileSync(secretsFile, 'utf8')) as { HANDOFF_API_TOKEN: string }).HANDOFF_API_TOKEN;

    expect(output).toContain(`start: ${secretsFile} held an unusable HANDOFF_API_TOKEN (must be at least 16 characters); generated a new one`);
    expect(token).toHaveLength(32);
    expect(output).toContain(`  bot token      ${token}`);
    expect(output.search(API_LISTENING)).toBeGreaterThan(-1);
    expect(output.search(WORKER_POLLING)).toBeGreaterThan(-1);
    expect(output.search(RUNNING)).toBeGreaterThan(Math.max(output.search(API_LISTENING), output.search(WORKER_POLLING)));
    expect((await fetch(`http://127.0.0.1:${ports.api}/readyz`)).status).toBe(200);
    expect(output).not.toMatch(STACK_LINE);
  });

  it("shows a person its processes' logs as pretty lines behind their names, not JSON", () => {
    const lines = first.output().split('\n');
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(lines.filter((line) => /^(api {4}|worker) \| /.test(line)).length).toBeGreaterThanOrEqual(2);
    expect(first.output()).not.toContain('"level":');
    // The first start builds the workflow bundle: one line says so, webpack's build report stays at debug.
    expect(first.output()).toMatch(/worker \| .*workflow bundle built once for this code/);
    expect(first.output()).not.toMatch(/webpack|modules by path/);
  });

  it('keeps its data folder 0700 and the SQLite file of the dev server 0600, and listens on 127.0.0.1 only', async () => {
    const dataDir = path.join(dir, 'first');
    expect(first.output()).toContain(`start: the folder ${dataDir} was readable by others (mode 0755); made it 0700`);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const databases = readdirSync(dataDir).filter((name) => name.startsWith('temporal.sqlite'));
    expect(databases).toContain('temporal.sqlite');
    for (const name of databases) expect(statSync(path.join(dataDir, name)).mode & 0o777, name).toBe(0o600);
    const otherAddress = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
    if (otherAddress) {
      for (const port of [ports.temporal, ports.ui, ports.api]) expect(await accepts(otherAddress, port), `${otherAddress}:${port}`).toBe(false);
    }
  });

  it(
    'uses a Temporal server that already answers on its port, and stops everything it started on SIGTERM',
    async () => {
      const [api] = await freePorts(1);
      const second = npmStart(path.join(dir, 'second'), {
        TEMPORAL_PORT: String(ports.temporal),
        TEMPORAL_UI_PORT: String(ports.ui),
        PORT: String(api),
        HANDOFF_LOG_FORMAT: 'json',
      });
      await second.waitFor(RUNNING, START_TIMEOUT_MS);
      const children = second.children();

      expect(second.output()).toContain(`start: a Temporal server already answers on port ${ports.temporal}; using it`);
      // HANDOFF_LOG_FORMAT=json: the processes' lines pass through untouched, one JSON object each.
      const logLines = jsonLinesOf(second.output());
      expect(logLines).toContainEqual(expect.objectContaining({ process: 'api', level: 'info', msg: expect.stringMatching(/^listening on /) }));
      expect(logLines).toContainEqual(expect.objectContaining({ process: 'worker', level: 'info', msg: expect.stringMatching(/^polling task queue /) }));
      expect(second.output()).not.toMatch(/^(api {4}|worker) \| /m);
      expect(children.map(commandLineOf)).toEqual([expect.stringContaining('worker-process.ts'), expect.stringContaining('api-process.ts')]);
      second.process.kill('SIGTERM');
      const { code } = await second.ended(30_000);
      expect(code).toBe(0);
      expect(children.filter(isRunning)).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${ports.api}/healthz`)).status).toBe(200);
    },
    START_TIMEOUT_MS + 40_000,
  );

  it('stops the others and exits 1 when the worker is killed with SIGKILL', async () => {
    const children = first.children();
    const worker = children.find((pid) => commandLineOf(pid).includes('worker-process.ts'));
    expect(worker).toBeDefined();
    process.kill(worker!, 'SIGKILL');
    const { code, output } = await first.ended(30_000);

    expect(code).toBe(1);
    expect(output).toContain('start: the worker was killed by SIGKILL; stopping everything');
    expect(children.filter(isRunning)).toEqual([]);
    expect(await portFree(ports.temporal, '127.0.0.1')).toBe(true);
    expect(await portFree(ports.api)).toBe(true);
  }, 40_000);
});

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
