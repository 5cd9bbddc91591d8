/**
 * The child processes of `npm start`: started in order, stopped in reverse order. A child that
 * ends on its own (an exit code, a signal such as `kill -9`, or a failed spawn) is reported once;
 * stopping never waits on a child that has already ended, and escalates to SIGKILL after a grace
 * period, so `npm start` cannot hang.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

/** Thrown when a child is to be started while every child is being stopped. */
export class SupervisorStoppingError extends Error {
  override readonly name = 'SupervisorStoppingError';
  constructor(child: string) {
    super(`not starting ${child}: everything is stopping`);
  }
}

/** How long a child may take to stop after SIGTERM before it is killed, unless `graceMs` says otherwise. */
export const DEFAULT_GRACE_MS = 10_000;
/** How long a child killed with SIGKILL is waited for. */
const KILL_WAIT_MS = 5_000;

/** The longest `stopAll` takes for `children` children: each is stopped in turn, and killed after the grace period. */
export function stopBoundMs(children: number, graceMs = DEFAULT_GRACE_MS): number {
  return children * (graceMs + KILL_WAIT_MS);
}

export interface ChildEnd {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

export interface SupervisorOptions {
  cwd: string;
  /** Called once for each child that ends while the supervisor is not stopping. */
  onChildEnded(end: ChildEnd): void;
  /**
   * How long a child may take to stop after SIGTERM before it is killed.
   * @default DEFAULT_GRACE_MS (10000)
   */
  graceMs?: number;
  /** Where the lines of a child started with `lines` are printed. @default process.stdout */
  output?: { write(text: string): unknown };
}

export interface ChildStartOptions {
  env: NodeJS.ProcessEnv;
  /** Open an IPC channel for the child's messages. @default false */
  ipc?: boolean;
  /** What each line of the child's stdout becomes (observability/child-log-lines.ts); printed as it is when unset. */
  lines?: (line: string) => string;
}

interface Supervised {
  name: string;
  process: ChildProcess;
  ended: Promise<void>;
  hasEnded: boolean;
}

export class Supervisor {
  private readonly children: Supervised[] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: SupervisorOptions) {}

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Starts a child with its output on this process's; `ipc` opens a channel for its messages, and
   * `lines` rewrites each line of its stdout (its log) before it is printed.
   */
  start(name: string, command: string, args: string[], { env, ipc = false, lines }: ChildStartOptions): ChildProcess {
    if (this.isStopping) throw new SupervisorStoppingError(name);
    const stdio: StdioOptions = ['ignore', lines ? 'pipe' : 'inherit', 'inherit', ...(ipc ? (['ipc'] as const) : [])];
    const child = spawn(command, args, { cwd: this.options.cwd, env, stdio });
    if (lines && child.stdout) {
      const output = this.options.output ?? process.stdout;
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => output.write(`${lines(line)}\n`));
    }
    let markEnded!: () => void;
    const entry: Supervised = { name, process: child, hasEnded: false, ended: new Promise((resolve) => (markEnded = resolve)) };
    const ended = (end: Omit<ChildEnd, 'name'>) => {
      if (entry.hasEnded) return;
      entry.hasEnded = true;
      markEnded();
      if (!this.isStopping) this.options.onChildEnded({ name, ...end });
    };
    child.once('exit', (code, signal) => ended({ code, signal }));
    child.once('error', (error) => ended({ code: null, signal: null, error }));
    this.children.push(entry);
    return child;
  }

  /** Resolves with the first message of `child` that `accept` takes, or undefined after `timeoutMs`. */
  waitForMessage<T>(child: ChildProcess, accept: (message: unknown) => message is T, timeoutMs: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.off('message', listener);
        resolve(undefined);
      }, timeoutMs);
      const listener = (message: unknown) => {
        if (!accept(message)) return;
        clearTimeout(timer);
        child.off('message', listener);
        resolve(message);
      };
      child.on('message', listener);
    });
  }

  /** Stops every child still running, the last started first: SIGTERM, then SIGKILL after the grace period. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const child of [...this.children].reverse()) await this.stop(child);
    })();
    return this.stopping;
  }

  /** Kills every child still running at once (a second Ctrl-C). */
  killAll(): void {
    for (const child of this.children) if (!child.hasEnded) child.process.kill('SIGKILL');
  }

  private async stop(child: Supervised): Promise<void> {
    if (child.hasEnded) return;
    child.process.kill('SIGTERM');
    const graceMs = this.options.graceMs ?? DEFAULT_GRACE_MS;
    const gone = await Promise.race([child.ended.then(() => true), sleep(graceMs, false, { ref: false })]);
    if (gone) return;
    console.error(`start: ${child.name} did not stop within ${graceMs / 1000}s; killing it`);
    child.process.kill('SIGKILL');
    await Promise.race([child.ended, sleep(KILL_WAIT_MS, undefined, { ref: false })]);
  }
}

/** "exited with code 1", "was killed by SIGKILL", "could not be started (spawn x ENOENT)". */
export function describeEnd(end: ChildEnd): string {
  if (end.error) return `could not be started (${end.error.message})`;
  if (end.signal) return `was killed by ${end.signal}`;
  return `exited with code ${end.code}`;
}
