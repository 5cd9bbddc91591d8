/**
 * Handoff's side of a cluster: N worker processes and M API processes, the same entry points as
 * `npm start` (system/worker-process.ts, system/api-process.ts), each reading its settings from the
 * environment: `TEMPORAL_ADDRESS` and `TEMPORAL_TLS_*` point them at the cluster's frontend. Every
 * process shares one data folder (the desk's SQLite, attachments); each API listens on its own
 * port, and the workers reach the local desk through the first API. Any one of them can be killed
 * and started again while the others run.
 */
import path from 'node:path';
import type { ChildEnd } from '../supervisor';
import { PROJECT_ROOT } from '../temporal-cli.mjs';
import { isReadyMessage, type ReadyMessage } from '../../../system/ready';
import { ManagedProcess } from './managed-process';

const API_READY_TIMEOUT_MS = 60_000;
// Each worker bundles the workflow code before it polls; two at once on two cores take a while.
const WORKER_READY_TIMEOUT_MS = 240_000;

export interface HandoffProcessesOptions {
  /** What every process gets: settings, secrets, `TEMPORAL_*`, the data folder. */
  env: NodeJS.ProcessEnv;
  /** What the workers get on top. */
  workerEnv?: NodeJS.ProcessEnv;
  workers: number;
  /** One API process per port. */
  apiPorts: number[];
  logs: string;
  /** A formatter for each process's lines on the terminal; nothing is shown when unset. */
  echo?: (name: string) => (line: string) => void;
  onUnexpectedEnd?: (end: ChildEnd) => void;
}

export class HandoffProcesses {
  readonly workers: ManagedProcess[];
  readonly apis: ManagedProcess[];
  /** Where each worker serves /metrics, once it said so. */
  readonly workerMetricsPorts: (number | undefined)[] = [];

  constructor(private readonly options: HandoffProcessesOptions) {
    const tsx = ['--import', 'tsx'];
    const managed = (name: string, entry: string, env: NodeJS.ProcessEnv) =>
      new ManagedProcess({
        name,
        command: process.execPath,
        args: [...tsx, entry],
        cwd: PROJECT_ROOT,
        env: { ...options.env, ...env },
        logFile: path.join(options.logs, `${name}.log`),
        ipc: true,
        ...(options.echo && { echo: options.echo(name) }),
        ...(options.onUnexpectedEnd && { onUnexpectedEnd: options.onUnexpectedEnd }),
      });
    this.workers = Array.from({ length: options.workers }, (_, i) =>
      managed(`worker-${i + 1}`, 'system/worker-process.ts', { ...options.workerEnv, WORKER_METRICS_PORT: '0' }),
    );
    this.apis = options.apiPorts.map((port, i) => managed(`api-${i + 1}`, 'system/api-process.ts', { PORT: String(port) }));
  }

  /** `http://localhost:<port>` of API `i` (from 0). */
  apiUrl(i: number): string {
    return `http://localhost:${this.options.apiPorts[i]}`;
  }

  /** Starts every worker and API at once; resolves when each said it serves. */
  async start(): Promise<void> {
    await Promise.all([...this.workers.map((_, i) => this.startWorker(i)), ...this.apis.map((_, i) => this.startApi(i))]);
  }

  async startWorker(i: number): Promise<void> {
    const worker = this.workers[i]!;
    worker.start();
    const ready = await worker.waitForMessage((m): m is ReadyMessage => isReadyMessage(m) && m.handoffReady === 'worker', WORKER_READY_TIMEOUT_MS);
    this.workerMetricsPorts[i] = ready.port;
  }

  async startApi(i: number): Promise<void> {
    const api = this.apis[i]!;
    api.start();
    await api.waitForMessage((m): m is ReadyMessage => isReadyMessage(m) && m.handoffReady === 'api', API_READY_TIMEOUT_MS);
  }

  /** The APIs first (no new work comes in), then the workers. */
  async stop(): Promise<void> {
    await Promise.all(this.apis.map((api) => api.stop()));
    await Promise.all(this.workers.map((worker) => worker.stop()));
    for (const child of [...this.apis, ...this.workers]) child.close();
  }
}
