/**
 * The cluster's PostgreSQL: one database cluster in a folder of the project's, listening on
 * 127.0.0.1 only, its socket in that folder, trusted logins (nothing but this machine reaches it).
 * PostgreSQL refuses to run as root, so as root every command runs as `postgres`, which owns the
 * folder. Started with `pg_ctl` (a daemon: it outlives a killed `npm run cluster`, and the next
 * start finds it by its pid file); stopped with a fast shutdown.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The role the Temporal server and its SQL tool connect as. */
export const POSTGRES_USER = 'temporal';

export interface PostgresOptions {
  bin: string;
  dir: string;
  port: number;
}

const asRoot = () => process.getuid?.() === 0;

/** Runs one of PostgreSQL's programs, as `postgres` when this process is root. */
function run(bin: string, program: string, args: string[]): string {
  const command = path.join(bin, program);
  const [file, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ownedByPostgres(target: string): void {
  if (!asRoot()) return;
  const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
  const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
  chownSync(target, Number(ids), Number(gid));
}

/** The postmaster's pid from its pid file, when one is there and the process lives. */
function runningPid(dir: string): number | undefined {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export class Postgres {
  constructor(private readonly options: PostgresOptions) {}

  /** Its log, in its own folder: `postgres` cannot enter the cluster's other folders. */
  get logFile(): string {
    return path.join(this.options.dir, 'server.log');
  }

  get pid(): number | undefined {
    return runningPid(this.options.dir);
  }

  /** Creates the database cluster on a first run; later runs keep its data. */
  private init(): void {
    const { bin, dir } = this.options;
    if (existsSync(path.join(dir, 'PG_VERSION'))) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    ownedByPostgres(dir);
    run(bin, 'initdb', ['-D', dir, '-A', 'trust', '-U', POSTGRES_USER, '-E', 'UTF8', '--locale=C']);
  }

  /** Starts it (a server left by an earlier run is stopped first, so this run's port and options apply). */
  async start(): Promise<void> {
    const { bin, dir, port } = this.options;
    this.init();
    if (this.pid !== undefined) await this.stop();
    const logFile = this.logFile;
    closeSync(openSync(logFile, 'a', 0o600));
    ownedByPostgres(logFile);
    const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200'].join(' ');
    run(bin, 'pg_ctl', ['start', '-D', dir, '-l', logFile, '-w', '-t', '60', '-o', options]);
  }

  /** Fast shutdown: open sessions are ended, every commit is kept. */
  async stop(timeoutMs = 30_000): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return;
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + timeoutMs;
    while (runningPid(this.options.dir) === pid) {
      if (Date.now() > deadline) {
        process.kill(pid, 'SIGQUIT');
        return;
      }
      await sleep(100);
    }
  }

  /** Runs SQL as the Temporal role; the rows' first column, one per line. */
  query(database: string, sql: string): string {
    const { bin, port } = this.options;
    return execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER, '-d', database, '-tAc', sql], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  }
}
