// Runs before `npm start` and `npm test`: installs what a fresh clone lacks (npm packages, the
// Temporal CLI). Plain Node, no dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureTemporalCli, PROJECT_ROOT } from './temporal-cli.mjs';

const lockfile = path.join(PROJECT_ROOT, 'package-lock.json');
const installed = path.join(PROJECT_ROOT, 'node_modules', '.package-lock.json');
const stale = !existsSync(installed) || statSync(lockfile).mtimeMs > statSync(installed).mtimeMs;
if (stale) {
  console.log('setup: installing npm packages (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}
const cli = ensureTemporalCli();
if (process.env.npm_lifecycle_event !== 'pretest') console.log(`setup: Temporal CLI at ${cli}`);
