/**
 * One process of a cluster: its output appended to a log file of its own (and each stdout line
 * also to `echo`, for `npm run cluster`'s terminal), stopped with SIGTERM and then SIGKILL after
 * a grace period, or killed at once with SIGKILL as a failure test does. Unlike `npm start`'s
 * supervisor, a process can be started again after it ended: the cluster's tests kill and restart
 * single processes while the others run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEnd, type ChildEnd } from '../supervisor';

export interface ManagedProcessOptions {
  /** What the process is called in messages and in `npm run cluster`'s lines: `api-1`, `temporal`. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Open an IPC channel (the API's and the worker's ready messages). @default false */
  ipc?: boolean;
  /** Each line of stdout, also shown elsewhere (already formatted by the caller). */
  echo?: (line: string) => void;
  /** The process ended without being asked to. */
  onUnexpectedEnd?: (end: ChildEnd) => void;
  /** @default 10000 */
  graceMs?: number;
}

export class ManagedProcess {
  private child?: ChildProcess;
  private ended?: Promise<ChildEnd>;
  private log?: WriteStream;
  private stopping = false;

  constructor(readonly options: ManagedProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get process(): ChildProcess | undefined {
    return this.child;
  }

  start(): ChildProcess {
    if (this.running) throw new Error(`${this.name} is running already`);
    const { command, args, cwd, env, ipc = false, logFile, echo } = this.options;
    this.stopping = false;
    this.log ??= createWriteStream(logFile, { flags: 'a', mode: 0o600 });
    this.log.write(`--- ${new Date().toISOString()} starting ${this.name}: ${[command, ...args].join(' ')}\n`);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])] });
    this.child = child;
    const log = this.log;
    createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (line) => {
      log.write(`${line}\n`);
      echo?.(line);
    });
    child.stderr!.on('data', (chunk: Buffer) => log.write(chunk));
    this.ended = new Promise((resolve) => {
      const done = (end: ChildEnd) => {
        log.write(`--- ${new Date().toISOString()} ${this.name} ${describeEnd(end)}\n`);
        if (!this.stopping) this.options.onUnexpectedEnd?.(end);
        resolve(end);
      };
      child.once('exit', (code, signal) => done({ name: this.name, code, signal }));
      child.once('error', (error) => done({ name: this.name, code: null, signal: null, error }));
    });
    return child;
  }

  /** Resolves with the first IPC message that `accept` takes; rejects when the process ends first or after `timeoutMs`. */
  waitForMessage<T>(accept: (message: unknown) => message is T, timeoutMs: number): Promise<T> {
    const child = this.child;
    if (!child || !this.ended) return Promise.reject(new Error(`${this.name} is not running`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`${this.name} did not report ready within ${timeoutMs / 1000}s (see ${this.options.logFile})`)),
        timeoutMs,
      );
      const listener = (message: unknown) => {
        if (accept(message)) finish(undefined, message);
      };
      const finish = (error?: Error, message?: T) => {
        clearTimeout(timer);
        child.off('message', listener);
        if (error) reject(error);
        else resolve(message as T);
      };
      child.on('message', listener);
      void this.ended!.then((end) => finish(new Error(`${this.name} ${describeEnd(end)} before it was ready (see ${this.options.logFile})`)));
    });
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.child!.kill('SIGTERM');
    const graceMs = this.options.graceMs ?? 10_000;
    const gone = await Promise.race([this.ended!.then(() => true), sleep(graceMs, false, { ref: false })]);
    if (!gone) {
      this.log?.write(`--- ${this.name} did not stop within ${graceMs / 1000}s; killing it\n`);
      this.child!.kill('SIGKILL');
      await this.ended;
    }
  }

  /** SIGKILL at once (the signal is sent before this returns); resolves once the process is gone. */
  kill(): Promise<ChildEnd | undefined> {
    if (!this.running) return Promise.resolve(undefined);
    this.stopping = true;
    this.child!.kill('SIGKILL');
    return this.ended!;
  }

  /** Closes the log file; the process must have ended. */
  close(): void {
    this.log?.end();
    this.log = undefined;
  }
}
