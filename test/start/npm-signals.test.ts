/**
 * A service manager, or a person, that signals the pid of `npm start` itself: npm relays SIGINT and
 * SIGTERM to its script's process, so the script must be that process (`exec`), not a child of the
 * `sh -c` npm runs it in (which died on SIGTERM and left everything running, and sat on SIGINT).
 * And one Ctrl-C, which reaches the script from the terminal and again from npm, is one request.
 * Real npm runs the package's own `start` command, with the script swapped for a stand-in.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../tools/scripts/temporal-cli.mjs';
import { waitForOutput } from './fixtures/wait-for-output';
import { descendantsOf, isRunning } from './run-script';

const START_SCRIPT = 'tools/scripts/start.ts';
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'stop-requests.ts');
let dir: string;
let groups: number[] = [];

beforeAll(() => {
  const { scripts } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(scripts.start).toContain(START_SCRIPT);
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-npm-signals-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'npm-signals', private: true, scripts: { start: scripts.start!.replace(START_SCRIPT, FIXTURE) } }),
  );
  // `--import tsx` resolves from the working directory.
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
});
afterEach(() => {
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // the group is gone
    }
  }
  groups = [];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start` in a process group of its own, as a terminal's foreground job or a service's. */
async function npmStart() {
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  groups.push(npm.pid!);
  const output = waitForOutput(npm);
  await output.until(/ready/);
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  return { npm, output, exited };
}

describe('npm start and signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'hands %s sent to the npm pid to the script, which stops, and npm exits with it',
    async (signal) => {
      const { npm, output, exited } = await npmStart();
      const processes = descendantsOf(npm.pid!);
      expect(processes.length).toBeGreaterThan(0);
      process.kill(npm.pid!, signal);

      expect(await exited).toBe(0);
      expect(await output.all()).toBe(`ready\nstop ${signal}\n`);
      expect(processes.filter(isRunning)).toEqual([]);
    },
    20_000,
  );

  it('takes one Ctrl-C (SIGINT to the whole group, relayed again by npm) as one request', async () => {
    const { npm, output, exited } = await npmStart();
    process.kill(-npm.pid!, 'SIGINT');

    expect(await exited).toBe(0);
    expect(await output.all()).toBe('ready\nstop SIGINT\n');
  }, 20_000);
});
