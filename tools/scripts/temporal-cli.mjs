// Finds the Temporal CLI (which carries the dev server), or builds it with Go into .tools/.
// Plain Node, no dependencies: it runs before `npm install` has.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'bin');
const CACHED_CLI = path.join(TOOLS_BIN, 'temporal');

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** TEMPORAL_CLI_PATH, else `temporal` on PATH, else the cached build; undefined when none. */
export function findTemporalCli(env = process.env) {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    return env.TEMPORAL_CLI_PATH;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && isExecutable(candidate)) return candidate;
  }
  return isExecutable(CACHED_CLI) ? CACHED_CLI : undefined;
}

/** The CLI's path, building it with `go install` (a few minutes, once) when none is found. */
export function ensureTemporalCli(env = process.env) {
  const found = findTemporalCli(env);
  if (found) return found;
  mkdirSync(TOOLS_BIN, { recursive: true });
  console.log(`setup: building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into .tools/bin (once; a few minutes)`);
  execFileSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    stdio: 'inherit',
    env: { ...env, GOBIN: TOOLS_BIN, CGO_ENABLED: env.CGO_ENABLED ?? '0' },
  });
  if (!existsSync(CACHED_CLI)) throw new Error('go install finished but .tools/bin/temporal is missing');
  return CACHED_CLI;
}
