// Runs before `npm start` and `npm test`: installs what a fresh clone lacks (npm packages, the
// Temporal CLI, and for the tests Debian's chromium, schemathesis and moto). Plain Node, no dependencies.
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

/**
 * The API fuzz test (test/api/schemathesis.integration.test.ts) runs schemathesis from PyPI, kept
 * in a virtualenv of the project's own (.tools/schemathesis, git-ignored). Hypothesis, which
 * generates its cases, is pinned too, so a run generates the same cases wherever it runs.
 */
const SCHEMATHESIS_PACKAGES = ['schemathesis==4.32.5', 'hypothesis==6.170.17'];
function ensureSchemathesis() {
  const venv = path.join(PROJECT_ROOT, '.tools', 'schemathesis');
  const python = path.join(venv, 'bin', 'python');
  const installedVersions = () => {
    try {
      const script = 'import importlib.metadata as m; print(" ".join(f"{p}=={m.version(p)}" for p in ("schemathesis", "hypothesis")))';
      return execFileSync(python, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  if (installedVersions() === SCHEMATHESIS_PACKAGES.join(' ')) return;
  const venvWorks = () => {
    try {
      execFileSync('python3', ['-m', 'venv', '--clear', venv], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!venvWorks()) {
    // Debian's python3 lacks ensurepip until python3-venv is installed.
    if (!existsSync('/usr/bin/apt-get') || process.getuid?.() !== 0) {
      console.warn('setup: `python3 -m venv` does not work here; run `sudo apt-get install -y python3-venv` (the schemathesis test fails until then)');
      return;
    }
    console.log('setup: installing python3-venv for the schemathesis test (apt-get install python3-venv)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'python3-venv'], { stdio: 'inherit', env });
    if (!venvWorks()) throw new Error('setup: `python3 -m venv` still fails after installing python3-venv');
  }
  console.log(`setup: installing ${SCHEMATHESIS_PACKAGES.join(' ')} into .tools/schemathesis (pip, once)`);
  execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...SCHEMATHESIS_PACKAGES], { stdio: 'inherit' });
}
if (process.env.npm_lifecycle_event === 'pretest') ensureSchemathesis();

/**
 * The S3 attachment store's test (test/attachments/s3-store.integration.test.ts) runs against moto's
 * S3-compatible server from PyPI, in a virtualenv of its own (.tools/moto, git-ignored).
 */
const MOTO_PACKAGES = ['moto[server]==5.1.4'];
function ensureMoto() {
  const venv = path.join(PROJECT_ROOT, '.tools', 'moto');
  const python = path.join(venv, 'bin', 'python');
  try {
    const version = execFileSync(python, ['-c', 'import importlib.metadata as m; print(m.version("moto"))'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (`moto[server]==${version.trim()}` === MOTO_PACKAGES[0] && existsSync(path.join(venv, 'bin', 'moto_server'))) return;
  } catch {
    // not installed yet
  }
  try {
    execFileSync('python3', ['-m', 'venv', '--clear', venv], { stdio: 'ignore' });
  } catch {
    console.warn('setup: `python3 -m venv` does not work here; run `sudo apt-get install -y python3-venv` (the S3 attachment test fails until then)');
    return;
  }
  console.log(`setup: installing ${MOTO_PACKAGES.join(' ')} into .tools/moto (pip, once)`);
  execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...MOTO_PACKAGES], { stdio: 'inherit' });
}
if (process.env.npm_lifecycle_event === 'pretest') ensureMoto();
