/**
 * Runs `npm start` (tools/scripts/start.ts) or one of its processes the way a person does, with only the
 * environment a test gives it, in a process group of its own so that nothing it started outlives
 * the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { portFree } from '../../tools/scripts/ports';
import { PROJECT_ROOT } from '../../tools/scripts/temporal-cli.mjs';

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface ScriptRun {
  process: ChildProcess;
  pid: number;
  /** stdout and stderr as they came. */
  output(): string;
  /** Resolves once the output matches, rejects when the script ends first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Resolves when the script ends; rejects after `timeoutMs`. */
  ended(timeoutMs: number): Promise<Ended>;
  /** The script's child processes, as /proc lists them. */
  children(): number[];
  /** Kills whatever is left of the script's process group. */
  cleanUp(): void;
}

/** The environment of the test runner without Handoff's and Temporal's settings. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(HANDOFF_|TEMPORAL_|LOCAL_DESK_)|^PORT$/.test(name)));
}

export function runScript(script: string, env: NodeJS.ProcessEnv): ScriptRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: PROJECT_ROOT,
    // Scripts run side by side: the worker's metrics take a free port unless the test names one.
    env: { ...cleanEnvironment(), WORKER_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ended = new Promise<Ended>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, output })));
  const pid = child.pid!;
  return {
    process: child,
    pid,
    output: () => output,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${script} ended before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`${script} did not print ${pattern} within ${timeoutMs / 1000}s:\n${output}`);
        await sleep(100);
      }
    },
    ended(timeoutMs) {
      return Promise.race([
        ended,
        sleep(timeoutMs, undefined, { ref: false }).then(() => {
          throw new Error(`${script} did not end within ${timeoutMs / 1000}s:\n${output}`);
        }),
      ]);
    },
    children() {
      try {
        return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    },
    cleanUp() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    },
  };
}

/** Every process below `pid` (children, theirs, and so on), as /proc lists them now. */
export function descendantsOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children = threads.flatMap((thread) => {
    try {
      return readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Whether a process still runs (a zombie does not). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * Where the ports a test gives its processes come from: below the kernel's ephemeral range (32768
 * and up), from which every outgoing connection takes its own port. A port picked there could be
 * taken by some connection in the seconds before the child binds it (the Temporal CLI then panics).
 */
const CHOSEN_PORTS = { from: 20_000, to: 32_000 };

/** `count` different ports free on 127.0.0.1 and every interface right now, outside the ephemeral range. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = CHOSEN_PORTS.from + Math.floor(Math.random() * (CHOSEN_PORTS.to - CHOSEN_PORTS.from));
    if (!ports.has(port) && (await portFree(port, '127.0.0.1')) && (await portFree(port))) ports.add(port);
  }
  return [...ports];
}

/** A Node stack trace line, which a person should never see for their own mistake. */
export const STACK_LINE = /^\s+at .+[(:]\d+/m;
