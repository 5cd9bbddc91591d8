/**
 * The commands `npm start`, `npm run worker` and `npm run api` run take one Ctrl-C as one SIGINT.
 * The terminal sends it to every process of the foreground group; under the tsx CLI the script's
 * process got it a second time from tsx, which relays it unless the script acknowledges within
 * 30 ms (and kills it with SIGKILL after 60 ms): a busy start.ts took one Ctrl-C for two ("SIGINT
 * again; killing everything now") and killed the Temporal dev server mid-write.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../tools/scripts/temporal-cli.mjs';
import { waitForOutput } from './fixtures/wait-for-output';

const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'sigint-counter.ts');

describe.each([
  ['start', 'tools/scripts/start.ts'],
  ['worker', 'system/worker-process.ts'],
  ['api', 'system/api-process.ts'],
])('npm run %s', (name, script) => {
  it('runs its script with one SIGINT for one Ctrl-C, however busy the script is', async () => {
    const command = scripts[name]!;
    expect(command).toContain(script);
    // As npm runs it (sh -c), in a process group of its own, as a terminal's foreground job.
    const child = spawn('sh', ['-c', command.replace(script, FIXTURE)], { cwd: PROJECT_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = waitForOutput(child);
      await output.until(/ready/);
      process.kill(-child.pid!, 'SIGINT');
      expect(await output.all()).toMatch(/^ready\nsigints=1\n$/);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is gone
      }
    }
  }, 20_000);
});
