/**
 * The whole system for one test file, on the run's real Temporal dev server: a worker on its own
 * task queue, the API and the local desk over real HTTP, and a bot callback receiver.
 */
import type { Client } from '@temporalio/client';
import { NativeConnection, Runtime, type TelemetryOptions, type Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createApiServer } from '../../api/http-server';
import { closeApiClient, createApiClient } from '../../api/temporal-client';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';
import { parseConfig, type LoadedConfig } from '../../config/load';
import type { LocalDesk } from '../../apps/desk';
import { activityDepsOf, composeApi, localSystemSettings, type SystemSettings } from '../../system/compose';
import type { Tracing } from '../../observability/tracing';
import { createHandoffWorker } from '../../worker/create-worker';
import { workerLogger } from '../../worker/log-line';
import { startWorkerProcess, type WorkerProcess } from '../../tools/bench/processes';
import { BotReceiver } from './bot-receiver';
import type { TranscriptEntry } from '../../contracts/transcript';
import { loopbackSdkMetrics, type SdkMetricsEndpoint } from '../../observability/sdk-metrics';
import { WorkerMetrics } from '../../observability/worker-metrics';
import { serveWorkerMetrics, type WorkerMetricsServer } from '../../observability/worker-metrics-server';

export const DEFAULT_TEST_CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Live agent] '
  url:
    mode: url
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Redirected] '
  api:
    mode: api
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Queued] '
    platformOptions: { queue: Service desk }
`;

export interface StackOptions {
  config?: string;
  continueAsNewAfterEvents?: number;
  /** Environment the activities resolve `${ENV}` secrets from. */
  env?: NodeJS.ProcessEnv;
  /** A Temporal service of the test's own; the run's shared dev server otherwise. */
  temporalAddress?: string;
  /** Run the worker as a process of its own (tools/bench/worker-process.ts), so `killWorker()` can SIGKILL it. */
  workerProcess?: boolean;
  /** The payload codec's keys, as `HANDOFF_ENCRYPTION_KEYS` says them; a new key per stack otherwise. */
  encryptionKeys?: string;
  /** The Temporal UI the codec server grants CORS to. @default "http://localhost:8233" */
  temporalUiUrl?: string;
  /** The codec server's token, and the API's port: a Temporal UI started before the stack needs its codec endpoint. */
  codecToken?: string;
  apiPort?: number;
  /** Serve the worker's /metrics (`stack.workerMetricsUrl`), the SDK's `temporal_*` metrics included; installs the runtime with them, so start this stack first. */
  workerMetrics?: boolean;
  /** Where the in-process worker's workflow spans go (test/observability); dropped otherwise. */
  tracing?: Tracing;
}

/** The agent the stack signs in at boot; the browser tests' desk page signs in as them too. */
export const TEST_AGENT = 'Grace';

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

export class HandoffStack {
  readonly token = `test-token-${randomUUID()}`;
  readonly callbackSecret = `callback-secret-${randomUUID()}`;
  readonly deskSecret = `desk-secret-${randomUUID()}`;
  /** Every agent the stack signs in has this password. */
  readonly agentPassword = `agent-password-${randomUUID()}`;
  readonly taskQueue = `handoff-test-${randomUUID()}`;
  readonly codecToken: string;
  /** The `HANDOFF_ENCRYPTION_KEYS` of the API and the worker. */
  encryptionKeys: string;
  readonly bot = new BotReceiver(this.callbackSecret);
  apiUrl = '';
  botUrl = '';
  client!: Client;
  private hostedDesk: LocalDesk | undefined;
  config!: LoadedConfig;
  private nativeConnection!: NativeConnection;
  private worker?: { worker: Worker; running: Promise<void> };
  private workerProcess?: WorkerProcess;
  private server?: Server;
  private sdkMetrics?: SdkMetricsEndpoint;
  private metricsServer?: WorkerMetricsServer;
  /** The worker's /metrics, with `workerMetrics`. */
  workerMetricsUrl = '';
  settings!: SystemSettings;
  private dataDir = '';
  /** Session cookies of the agents signed in so far, by name. */
  private readonly agentCookies = new Map<string, Promise<string>>();

  private constructor(private readonly options: StackOptions) {
    this.encryptionKeys = options.encryptionKeys ?? generateEncryptionKeys();
    this.codecToken = options.codecToken ?? `codec-token-${randomUUID()}`;
  }

  /** The payload codec the API and the worker use, to read a raw history's payloads. */
  get codec(): EncryptionCodec {
    return new EncryptionCodec(parseEncryptionKeys(this.encryptionKeys));
  }

  static async start(options: StackOptions = {}): Promise<HandoffStack> {
    const stack = new HandoffStack(options);
    await stack.boot();
    return stack;
  }

  /** The desk the stack's API hosts; there is one when a profile of its configuration needs it. */
  get desk(): LocalDesk {
    if (!this.hostedDesk) throw new Error("no profile of this stack's configuration needs the local desk, so its API hosts none");
    return this.hostedDesk;
  }

  get deskUrl(): string {
    return `${this.apiUrl}/desk`;
  }

  private async boot(): Promise<void> {
    if (this.options.workerMetrics) this.sdkMetrics = await loopbackSdkMetrics();
    installQuietRuntime(this.sdkMetrics?.telemetryOptions);
    const address = this.options.temporalAddress ?? inject('temporalAddress');
    this.config = parseConfig(this.options.config ?? DEFAULT_TEST_CONFIG, 'test config');
    this.nativeConnection = await NativeConnection.connect({ address });
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-test-'));
    // Listen first, so the API and desk know their own address when they are built.
    this.server = createApiServer();
    await new Promise<void>((resolve) => this.server!.listen(this.options.apiPort ?? 0, '127.0.0.1', resolve));
    this.apiUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.composeApi(address);
    if (this.hostedDesk) await this.agentCookie(TEST_AGENT);
    this.botUrl = await this.bot.start();
    await this.startWorker();
  }

  /** The API and the desk on the stack's server, data folder and keys. */
  private composeApi(address: string): void {
    this.client = createApiClient({ address, namespace: 'default', encryptionKeys: parseEncryptionKeys(this.encryptionKeys) });
    this.settings = localSystemSettings({
      config: this.config,
      publicUrl: this.apiUrl,
      apiToken: this.token,
      callbackSecret: this.callbackSecret,
      deskSecret: this.deskSecret,
      dataDir: this.dataDir,
      taskQueue: this.taskQueue,
      demo: true,
      ...(this.options.continueAsNewAfterEvents !== undefined && { continueAsNewAfterEvents: this.options.continueAsNewAfterEvents }),
      ...(this.options.env !== undefined && { env: this.options.env }),
      ...(this.options.temporalUiUrl !== undefined && { temporalUiUrl: this.options.temporalUiUrl }),
      codecServer: { keys: parseEncryptionKeys(this.encryptionKeys), token: this.codecToken },
      encryptionKeys: parseEncryptionKeys(this.encryptionKeys),
    });
    const { app, desk } = composeApi(this.settings, this.client);
    this.hostedDesk = desk;
    this.server!.removeAllListeners('request');
    this.server!.on('request', app);
    desk?.outbox.start();
  }

  /**
   * Stops the worker and the API and starts both again on the same data folder, task queue and
   * Temporal service, as a restarted system would; `encryptionKeys` replaces the keys (a rotation).
   */
  async restart(changes: { encryptionKeys?: string } = {}): Promise<void> {
    await this.stopWorker();
    this.hostedDesk?.close();
    await closeApiClient(this.client);
    if (changes.encryptionKeys !== undefined) this.encryptionKeys = changes.encryptionKeys;
    this.composeApi(this.options.temporalAddress ?? inject('temporalAddress'));
    this.agentCookies.clear();
    await this.startWorker();
  }

  async startWorker(): Promise<void> {
    if (this.worker || this.workerProcess) return;
    if (this.options.workerProcess) {
      this.workerProcess = await startWorkerProcess({
        TEMPORAL_ADDRESS: this.options.temporalAddress ?? inject('temporalAddress'),
        LOCAL_DESK_URL: this.settings.localDeskUrl,
        LOCAL_DESK_SECRET: this.deskSecret,
        HANDOFF_PUBLIC_URL: this.apiUrl,
        HANDOFF_CALLBACK_SECRET: this.callbackSecret,
        HANDOFF_DATA_DIR: this.dataDir,
        HANDOFF_ENCRYPTION_KEYS: this.encryptionKeys,
        BENCH_CONFIG: this.options.config ?? DEFAULT_TEST_CONFIG,
        BENCH_TASK_QUEUE: this.taskQueue,
        BENCH_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
        BENCH_FLOOR_WORKER: 'off',
        BENCH_STICKY_SCHEDULE_TO_START: '1s',
        ...this.options.env,
      });
      return;
    }
    const worker = await createHandoffWorker({
      connection: this.nativeConnection,
      namespace: 'default',
      taskQueue: this.taskQueue,
      // A tracing worker's bundle carries the trace context to the activities (observability/workflow-trace-propagation.ts).
      workflowBundlePath: inject(this.options.tracing ? 'tracingWorkflowBundlePath' : 'workflowBundlePath'),
      deps: activityDepsOf(this.settings),
      encryptionKeys: parseEncryptionKeys(this.encryptionKeys),
      ...(this.options.tracing && { tracing: this.options.tracing }),
      tuning: { stickyQueueScheduleToStartTimeout: '1s' },
      ...(this.options.workerMetrics && { metrics: await this.serveWorkerMetrics() }),
    });
    this.worker = { worker, running: worker.run() };
  }

  /** A registry for the next worker, served at `workerMetricsUrl` (the same port across restarts). */
  private async serveWorkerMetrics(): Promise<WorkerMetrics> {
    const metrics = new WorkerMetrics();
    const port = this.workerMetricsUrl ? Number(new URL(this.workerMetricsUrl).port) : 0;
    await this.metricsServer?.close();
    this.metricsServer = await serveWorkerMetrics({ registry: metrics.registry, sdkMetricsUrl: this.sdkMetrics?.url, host: '127.0.0.1', port });
    this.workerMetricsUrl = this.metricsServer.url;
    return metrics;
  }

  async stopWorker(): Promise<void> {
    if (this.workerProcess) {
      await this.workerProcess.stop();
      this.workerProcess = undefined;
    }
    if (!this.worker) return;
    this.worker.worker.shutdown();
    await this.worker.running;
    this.worker = undefined;
  }

  /**
   * Kills the worker process with SIGKILL: no shutdown, so a workflow task it had started is never
   * completed and is retried, after its timeout, by the next worker. The signal is sent before this
   * returns, so it can be called from inside a request handler (the bot's, the desk's).
   */
  killWorker(): Promise<void> {
    if (!this.workerProcess) throw new Error('killWorker needs a stack started with { workerProcess: true }');
    const killed = this.workerProcess.kill();
    this.workerProcess = undefined;
    return killed;
  }

  async stop(): Promise<void> {
    await this.stopWorker();
    await this.metricsServer?.close();
    this.hostedDesk?.close();
    await this.bot.stop();
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
    await this.nativeConnection.close();
    await closeApiClient(this.client);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * The session cookie of a signed-in desk agent (`name=value`), signing them in over HTTP the
   * first time (and creating them with `agentPassword`).
   */
  agentCookie(name = TEST_AGENT): Promise<string> {
    let cookie = this.agentCookies.get(name);
    if (!cookie) {
      cookie = (async () => {
        await this.desk.saveAgent(name, this.agentPassword);
        const response = await fetch(`${this.deskUrl}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, password: this.agentPassword }),
        });
        if (response.status !== 204) throw new Error(`signing in ${name} to the desk answered ${response.status}: ${await response.text()}`);
        return response.headers.getSetCookie()[0]!.split(';')[0]!;
      })();
      this.agentCookies.set(name, cookie);
    }
    return cookie;
  }

  /** Headers for `call` that act on the desk as `name`, signed in (and created) as `agentCookie` does. */
  async signedInAs(name: string): Promise<{ cookie: string }> {
    return { cookie: await this.agentCookie(name) };
  }

  /**
   * Opens a join link (a `/desk/join/...?token=` path or URL) as the user's browser does, and
   * answers the visitor cookie its first use gives.
   */
  async visitorCookie(joinLink: string): Promise<string> {
    const url = joinLink.startsWith('http') ? joinLink : `${this.deskUrl}${joinLink}`;
    const response = await fetch(url, { redirect: 'manual', headers: { accept: 'application/json' } });
    if (response.status !== 303) throw new Error(`the join link answered ${response.status}: ${await response.text()}`);
    return response.headers.getSetCookie()[0]!.split(';')[0]!;
  }

  /**
   * Calls the API over HTTP with the bot token (unless `headers` says otherwise). Calls of the
   * desk carry the session cookie of the test agent, or of the agent an accept names.
   */
  async call<T = any>(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    const acceptingAgent = /^\/desk\/api\/chats\/[^/]+\/accept$/.test(urlPath) ? (body as { agentName?: string } | undefined)?.agentName : undefined;
    const deskSession: Record<string, string> =
      urlPath.startsWith('/desk/') && !('cookie' in headers) ? { cookie: await this.agentCookie(acceptingAgent) } : {};
    const response = await fetch(`${this.apiUrl}${urlPath}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...deskSession,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A valid handoff request; `overrides` replace top-level fields. */
  request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      conversationId: `conv-${randomUUID()}`,
      user: { id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com', department: 'Sales' },
      issue: { lastUtterance: 'My VPN keeps dropping', summary: 'VPN drops every few minutes', category: 'IT' },
      transcript: [
        { from: 'user', text: 'My VPN keeps dropping' },
        { from: 'bot', text: 'Have you tried reconnecting?' },
      ],
      resultsPresented: [{ title: 'Fix VPN drops', url: 'https://kb.example.com/vpn', snippet: 'Reinstall the client' }],
      callbackUrl: this.botUrl,
      ...overrides,
    };
  }

  handoffPath(id: string, suffix = ''): string {
    return `/v1/handoffs/${encodeURIComponent(id)}${suffix}`;
  }

  /** The whole transcript of a handoff, as a bot reads it: page after page (`next`), until the last. */
  async transcript(id: string): Promise<TranscriptEntry[]> {
    const messages: TranscriptEntry[] = [];
    for (let after: number | undefined = 0; after !== undefined;) {
      const page = await this.call('GET', `${this.handoffPath(id, '/transcript')}?after=${after}&limit=1000`);
      if (page.status !== 200) throw new Error(`transcript of ${id}: ${page.status} ${JSON.stringify(page.body)}`);
      messages.push(...(page.body.messages as TranscriptEntry[]));
      after = page.body.next as number | undefined;
    }
    return messages;
  }

  /** The desk's chat for a handoff, once the desk has it. */
  chatFor(handoffId: string) {
    return this.desk.store.openChats().find((chat) => chat.handoffId === handoffId);
  }
}

/** Retries `check` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

let runtimeInstalled = false;

/** Worker logs at WARN; call it before anything else creates the SDK's runtime singleton. */
export function installQuietRuntime(telemetryOptions?: TelemetryOptions): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: workerLogger('WARN'), ...(telemetryOptions && { telemetryOptions }) });
  runtimeInstalled = true;
}
