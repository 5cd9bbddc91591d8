import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureTemporalCli, PROJECT_ROOT } from '../scripts/temporal-cli.mjs';
import { devServerFlags } from '../scripts/dev-server-flags';
import { freePort, waitForPort } from '../scripts/ports';

/** Resident memory of a process, in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return Math.round((kib / 1024) * 10) / 10;
}

/** CPU time (ms, user + system) a process, or one of its threads, has used so far, from /proc. */
export function cpuMs(pid: number, tid?: string): number {
  const fields = readFileSync(`/proc/${pid}${tid === undefined ? '' : `/task/${tid}`}/stat`, 'utf8')
    .split(') ')[1]!
    .split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / 100;
}

/** CPU time (ms) of a process so far by thread name (`node`, `tokio-runtime-w`, …), or by name#tid. */
export function threadCpuMs(pid: number, byTid = false): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = `${readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()}${byTid ? `#${tid}` : ''}`;
      byName.set(name, (byName.get(name) ?? 0) + cpuMs(pid, tid));
    } catch {
      // The thread ended.
    }
  }
  return byName;
}

export interface TemporalServer {
  address: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * A dev server of its own, without the UI, its search attributes registered: in memory on a free
 * port unless given a port and a SQLite file (to stop it and start it again on the same data).
 */
export async function startTemporalServer(options: { port?: number; dbFilename?: string } = {}): Promise<TemporalServer> {
  const port = options.port ?? (await freePort());
  const storage = options.dbFilename ? ['--db-filename', options.dbFilename] : [];
  const cli = ensureTemporalCli();
  const child = spawn(
    cli,
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), ...storage, '--log-level', 'error', ...devServerFlags()],
    {
      stdio: 'ignore',
    },
  );
  await waitForPort(port, 'the Temporal dev server');
  return { address: `127.0.0.1:${port}`, pid: child.pid!, stop: () => stopChild(child) };
}

export interface WorkerProcess {
  pid: number;
  stop(): Promise<void>;
  /** SIGKILL, sent at once (a test can call it from inside a request handler); resolves once the process is gone. */
  kill(): Promise<void>;
}

export interface WorkerProcessEvents {
  /** Hears the pid at once, before the process is ready (a restart is timed from there). */
  onSpawn?: (pid: number) => void;
  /** Hears how the process ended when it ended after it was ready and neither `stop` nor `kill` ended it: it crashed. */
  onCrash?: (exit: string) => void;
}

export async function startWorkerProcess(env: NodeJS.ProcessEnv, events: WorkerProcessEvents = {}): Promise<WorkerProcess> {
  const entry = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
  // BENCH_WORKER_CPU_PROFILE=<dir>: V8 CPU profiles of the worker's threads, written when it stops.
  const profile = process.env.BENCH_WORKER_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  events.onSpawn?.(child.pid!);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
  let ending = false;
  child.once('exit', (code, signal) => {
    if (!ending) events.onCrash?.(signal ? `signal ${signal}` : `exit code ${code}`);
  });
  return {
    pid: child.pid!,
    stop: () => {
      ending = true;
      return stopChild(child);
    },
    kill: () => {
      ending = true;
      return killChild(child);
    },
  };
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}

/** A short description of the machine for the results. */
export function machineSummary(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  const cores = spawnSync('nproc').stdout?.toString().trim();
  const memKiB = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  return `${cores} cores, ${cpu}, ${Math.round(memKiB / 1024 / 1024)} GiB, Node ${process.version}`;
}
