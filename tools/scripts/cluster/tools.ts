/**
 * The programs a cluster runs, built with Go into the git-ignored `.tools/` like the Temporal CLI
 * (tools/scripts/temporal-cli.mjs): the Temporal server and its SQL tool (one module, one version), and
 * the Temporal UI server. Both are named `server`, so each build has its own GOBIN. The server
 * module's schema and configuration templates are read from Go's module cache; PostgreSQL comes
 * from Debian's package.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureTemporalCli, PROJECT_ROOT } from '../temporal-cli.mjs';

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const TEMPORAL_UI_MODULE = 'github.com/temporalio/ui-server/v2';
export const TEMPORAL_UI_VERSION = 'v2.42.1';

export interface ClusterTools {
  /** The Temporal CLI: namespaces, search attributes, health. */
  cli: string;
  server: string;
  sqlTool: string;
  ui: string;
  /** PostgreSQL's programs (`initdb`, `pg_ctl`, `psql`). */
  postgresBin: string;
  /** The server module as Go's module cache holds it (schema/, config/). */
  serverModule: string;
}

const TOOLS = path.join(PROJECT_ROOT, '.tools');
const SERVER_BIN = path.join(TOOLS, 'temporal-server', 'bin');
const UI_BIN = path.join(TOOLS, 'temporal-ui', 'bin');

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `nice go install <packages>` into `gobin`: the builds take minutes on a small machine, and should not starve what else runs. */
function goInstall(gobin: string, packages: string[], log: (line: string) => void): void {
  mkdirSync(gobin, { recursive: true });
  log(`building ${packages.join(' and ')} with Go into ${path.relative(PROJECT_ROOT, gobin)} (once; a few minutes)`);
  const started = Date.now();
  execFileSync('nice', ['go', 'install', ...packages], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOBIN: gobin, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
  });
  log(`built in ${Math.round((Date.now() - started) / 1000)}s`);
}

/** The folder of `module@version` in Go's module cache, downloaded when missing (instant when cached). */
function moduleFolder(module: string, version: string): string {
  const output = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], { encoding: 'utf8', cwd: TOOLS });
  const dir = (JSON.parse(output) as { Dir?: string }).Dir;
  if (!dir || !existsSync(dir)) throw new Error(`go mod download ${module}@${version} gave no folder`);
  return dir;
}

/** The newest PostgreSQL of Debian's packages (12 or later), installed with apt-get as root where none is. */
function postgresBin(log: (line: string) => void): string {
  const find = () => {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root)
      ? readdirSync(root)
          .map(Number)
          .filter((v) => v >= 12 && isExecutable(path.join(root, String(v), 'bin', 'initdb')))
          .sort((a, b) => b - a)
      : [];
    return versions[0] === undefined ? undefined : path.join(root, String(versions[0]), 'bin');
  };
  const found = process.env.HANDOFF_POSTGRES_BIN ?? find();
  if (found) return found;
  if (!existsSync('/usr/bin/apt-get') || process.getuid?.() !== 0) {
    throw new Error('PostgreSQL 12 or later is missing: run `sudo apt-get install -y postgresql`, or set HANDOFF_POSTGRES_BIN to its bin folder');
  }
  log("installing Debian's PostgreSQL (apt-get install postgresql-15 or the distribution's own)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
  const installed = find();
  if (!installed) throw new Error('apt-get installed postgresql, but no /usr/lib/postgresql/<version>/bin/initdb is there');
  return installed;
}

/** Every program of a cluster, building the missing ones first. */
export function ensureClusterTools(log: (line: string) => void = console.log): ClusterTools {
  mkdirSync(TOOLS, { recursive: true });
  const server = path.join(SERVER_BIN, 'server');
  const sqlTool = path.join(SERVER_BIN, 'sql');
  if (!isExecutable(server) || !isExecutable(sqlTool)) {
    goInstall(
      SERVER_BIN,
      [`${TEMPORAL_SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`],
      log,
    );
  }
  const ui = path.join(UI_BIN, 'server');
  if (!isExecutable(ui)) goInstall(UI_BIN, [`${TEMPORAL_UI_MODULE}/cmd/server@${TEMPORAL_UI_VERSION}`], log);
  return {
    cli: ensureTemporalCli(),
    server,
    sqlTool,
    ui,
    postgresBin: postgresBin(log),
    serverModule: moduleFolder(TEMPORAL_SERVER_MODULE, TEMPORAL_SERVER_VERSION),
  };
}
