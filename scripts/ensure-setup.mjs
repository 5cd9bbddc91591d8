// Runs before `npm start` and `npm test`: installs what a fresh clone lacks (npm packages, the
// Temporal CLI, and for the tests Debian's chromium). Plain Node, no dependencies.
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

/** The browser tests drive Debian's chromium through playwright-core: a browser download is impossible here. */
function ensureChromium() {
  const chromium = '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  if (!existsSync('/usr/bin/apt-get')) {
    console.warn(`setup: ${chromium} is missing and there is no apt-get to install it; the browser tests will fail`);
    return;
  }
  if (process.getuid?.() !== 0) {
    console.warn(`setup: ${chromium} is missing; not root, so not installing it: run \`sudo apt-get install -y chromium\` (the browser tests fail until then)`);
    return;
  }
  console.log("setup: installing Debian's chromium for the browser tests (apt-get install chromium)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}
if (process.env.npm_lifecycle_event === 'pretest') ensureChromium();
