/**
 * The system under measurement, as `npm start` runs it but instrumented: a Temporal dev server
 * and a worker process of their own, and in this process the API with the local desk, a bot
 * callback receiver, and the two baselines (the Temporal floor and an in-memory relay).
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import express, { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SIGNATURE_HEADER, verifyCallback } from '../../activities/callback-signature';
import { createApiServer } from '../../api/http-server';
import { closeApiClient, createApiClient } from '../../api/temporal-client';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';
import { parseConfig } from '../../config/load';
import type { BotEvent } from '../../contracts/bot-event';
import type { LocalDesk } from '../../apps/desk';
import { composeApi, localSystemSettings } from '../../system/compose';
import { floorEndSignal, floorMessageUpdate, floorStartUpdate, type floorWorkflow } from './floor-workflow';
import { startTemporalServer, startWorkerProcess, type TemporalServer, type WorkerProcess } from './processes';

export const BENCH_CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Live agent] '
    timeouts: { agentAccept: 1h, inactivity: 1h, maxDuration: 8h }
  url:
    mode: url
    platform: local-desk
    fileTicket: true
  api:
    mode: api
    platform: local-desk
    fileTicket: true
    timeouts: { agentAccept: 1h, maxDuration: 8h }
`;

export interface Timed<T = any> {
  status: number;
  body: T;
  ms: number;
}

/** The desk agent the bench accepts chats as. */
export const BENCH_AGENT = 'Bench Agent';

export class BenchSystem {
  readonly token = `bench-${randomUUID()}`;
  readonly callbackSecret = `bench-callback-${randomUUID()}`;
  readonly deskSecret = `bench-desk-${randomUUID()}`;
  readonly taskQueue = `bench-${randomUUID()}`;
  readonly encryptionKeys = generateEncryptionKeys();
  /** When each user message reached the desk, by its `messageId`. */
  readonly deskArrivals = new Map<string, number>();
  /** When each agent message reached the bot, by its text. */
  readonly botArrivals = new Map<string, number>();
  /** When each in-memory relayed message reached its receiver, by its text. */
  readonly memoryArrivals = new Map<string, number>();
  private readonly arrivalWaiters = new Map<string, () => void>();
  apiUrl = '';
  botUrl = '';
  client!: Client;
  desk!: LocalDesk;
  temporal?: TemporalServer;
  worker!: WorkerProcess;
  /** What the worker process was started with, to start another like it. */
  private workerProcessEnv: NodeJS.ProcessEnv = {};
  /** What is being measured, for the record of a crash. */
  phase = 'boot';
  /** Worker processes that ended on their own: each was replaced at once, and the figures measured across it say so. */
  readonly workerCrashes: Array<{ at: string; phase: string; exit: string }> = [];
  private restarting?: Promise<void>;
  private servers: Server[] = [];
  private dataDir = '';
  /** The session cookie of the bench's desk agent, sent on `/desk/` calls. */
  private agentCookie = '';

  static async start(options: { temporalAddress?: string; workerEnv?: NodeJS.ProcessEnv } = {}): Promise<BenchSystem> {
    const system = new BenchSystem();
    await system.boot(options);
    return system;
  }

  private async boot({ temporalAddress, workerEnv }: { temporalAddress?: string; workerEnv?: NodeJS.ProcessEnv }): Promise<void> {
    if (!temporalAddress) this.temporal = await startTemporalServer();
    const address = temporalAddress ?? this.temporal!.address;
    this.client = createApiClient({ address, namespace: 'default', encryptionKeys: parseEncryptionKeys(this.encryptionKeys) });
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-'));
    this.botUrl = await this.listen(this.botReceiver());
    const server = createApiServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.servers.push(server);
    this.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { app, desk } = composeApi(
      localSystemSettings({
        config: parseConfig(BENCH_CONFIG, 'bench config'),
        publicUrl: this.apiUrl,
        apiToken: this.token,
        callbackSecret: this.callbackSecret,
        deskSecret: this.deskSecret,
        dataDir: this.dataDir,
        taskQueue: this.taskQueue,
        encryptionKeys: parseEncryptionKeys(this.encryptionKeys),
      }),
      this.client,
      { deskRouter: (built) => this.recordingDesk(built) },
    );
    if (!desk) throw new Error("the bench's profiles queue on the local desk, yet the API hosts none");
    this.desk = desk;
    const root = express();
    root.use(['/floor', '/memory'], express.json());
    root.use(this.baselines());
    root.use(app);
    server.on('request', root);
    this.desk.outbox.start();
    this.agentCookie = await this.signInAgent(BENCH_AGENT);
    this.workerProcessEnv = {
      TEMPORAL_ADDRESS: address,
      LOCAL_DESK_URL: `${this.apiUrl}/desk`,
      LOCAL_DESK_SECRET: this.deskSecret,
      HANDOFF_PUBLIC_URL: this.apiUrl,
      HANDOFF_CALLBACK_SECRET: this.callbackSecret,
      HANDOFF_ENCRYPTION_KEYS: this.encryptionKeys,
      // The API's data folder: the worker archives transcripts and keeps its workflow bundle there.
      HANDOFF_DATA_DIR: this.dataDir,
      BENCH_CONFIG,
      BENCH_TASK_QUEUE: this.taskQueue,
      ...workerEnv,
    };
    this.worker = await startWorkerProcess(this.workerProcessEnv, { onCrash: (exit) => this.workerCrashed(exit, this.workerProcessEnv) });
  }

  private workerCrashed(exit: string, env: NodeJS.ProcessEnv): void {
    this.workerCrashes.push({ at: new Date().toISOString(), phase: this.phase, exit });
    console.error(`bench: the worker process crashed (${exit}) during ${this.phase}; starting another`);
    this.restarting = startWorkerProcess(env, { onCrash: (again) => this.workerCrashed(again, env) }).then((worker) => {
      this.worker = worker;
    });
  }

  /**
   * Ends the worker process (SIGTERM, or SIGKILL with `kill`) and starts a new one like it, with
   * `env` added; `onSpawn` hears the new process's pid as soon as it exists.
   */
  async replaceWorker(options: { kill?: boolean; env?: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void } = {}): Promise<void> {
    await (options.kill ? this.worker.kill() : this.worker.stop());
    const env = { ...this.workerProcessEnv, ...options.env };
    this.worker = await startWorkerProcess(env, { onSpawn: options.onSpawn, onCrash: (exit) => this.workerCrashed(exit, env) });
  }

  async stop(): Promise<void> {
    await this.restarting?.catch(() => undefined);
    await this.worker?.stop();
    // The servers first: a desk delivery still in flight then fails (and is left for later) instead of being marked delivered in a closed store.
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    this.desk?.close();
    if (this.client) await closeApiClient(this.client);
    await this.temporal?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Creates the desk agent and signs them in; answers their session cookie. */
  private async signInAgent(name: string): Promise<string> {
    const password = `bench-agent-${randomUUID()}`;
    await this.desk.saveAgent(name, password);
    const response = await fetch(`${this.apiUrl}/desk/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    if (response.status !== 204) throw new Error(`signing in to the desk answered ${response.status}`);
    return response.headers.getSetCookie()[0]!.split(';')[0]!;
  }

  /** A timed HTTP call to this process's server, with the bot token (and the desk agent's session on `/desk/`). */
  async call<T = any>(method: string, urlPath: string, body?: unknown): Promise<Timed<T>> {
    const started = performance.now();
    const send = () =>
      fetch(`${this.apiUrl}${urlPath}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(urlPath.startsWith('/desk/') && { cookie: this.agentCookie }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // Sent once more on a kept-alive connection the server had just closed: with the event loop
    // this busy, its idle timer and the client's reuse of the connection can fall in the same turn.
    const response = await send().catch((error: Error & { cause?: { code?: string } }) => {
      if (error.cause?.code === 'ECONNRESET' || error.cause?.code === 'UND_ERR_SOCKET') return send();
      throw error;
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
  }

  request(profile: string): Record<string, unknown> {
    return {
      conversationId: `bench-${randomUUID()}`,
      profile,
      user: { id: 'u-bench', name: 'Bench User', email: 'bench@example.com' },
      issue: { lastUtterance: 'My VPN keeps dropping', summary: 'VPN drops' },
      transcript: [{ from: 'user', text: 'My VPN keeps dropping' }],
      resultsPresented: [{ title: 'Fix VPN drops', url: 'https://kb.example.com/vpn' }],
      callbackUrl: this.botUrl,
    };
  }

  handoffPath(id: string, suffix = ''): string {
    return `/v1/handoffs/${encodeURIComponent(id)}${suffix}`;
  }

  chatIdOf(handoffId: string): string {
    const chat = this.desk.store.openChats().find((c) => c.handoffId === handoffId);
    if (!chat) throw new Error(`no desk chat for ${handoffId}`);
    return chat.chatId;
  }

  /** Resolves once `key` has arrived in `arrivals` (at once if it has), or after `timeoutMs`. */
  arrival(arrivals: Map<string, number>, key: string, timeoutMs = 30_000): Promise<void> {
    if (arrivals.has(key)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.arrivalWaiters.delete(key);
        resolve();
      }, timeoutMs);
      this.arrivalWaiters.set(key, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private arrived(arrivals: Map<string, number>, key: string, at: number): void {
    arrivals.set(key, at);
    this.arrivalWaiters.get(key)?.();
    this.arrivalWaiters.delete(key);
  }

  private recordingDesk(desk: LocalDesk): Router {
    const router = Router();
    router.post('/api/integration/chats/:chatId/user-messages', (req, _res, next) => {
      const now = performance.now();
      for (const { messageId } of (req.body?.messages ?? []) as Array<{ messageId: string }>) {
        if (!this.deskArrivals.has(messageId)) this.arrived(this.deskArrivals, messageId, now);
      }
      next();
    });
    router.use(desk.router);
    return router;
  }

  private botReceiver(): express.Express {
    const app = express();
    app.use(express.text({ type: '*/*' }));
    app.post('/bot', (req, res) => {
      const now = performance.now();
      const body = String(req.body);
      if (!verifyCallback(this.callbackSecret, body, req.header(SIGNATURE_HEADER))) {
        res.status(401).end();
        return;
      }
      const event = JSON.parse(body) as BotEvent;
      if (event.type === 'agent.message' && event.text && !this.botArrivals.has(event.text)) this.arrived(this.botArrivals, event.text, now);
      res.status(200).end();
    });
    return app;
  }

  /** `/floor/...`: the same calls on the Temporal floor; `/memory/...`: a relay with no Temporal. */
  private baselines(): Router {
    const router = Router();
    const floorQueue = `${this.taskQueue}-floor`;
    router.post('/floor/start', async (req, res, next) => {
      try {
        const id = `floor/${req.body.conversationId}`;
        const operation = new WithStartWorkflowOperation<typeof floorWorkflow>('floorWorkflow', {
          workflowId: id,
          taskQueue: floorQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        const result = await this.client.workflow.executeUpdateWithStart(floorStartUpdate, { startWorkflowOperation: operation });
        res.json({ id, ...result });
      } catch (error) {
        next(error);
      }
    });
    router.post('/floor/messages', async (req, res, next) => {
      try {
        const handle = this.client.workflow.getHandle(String(req.body.id));
        res.status(202).json(await handle.executeUpdate(floorMessageUpdate, { args: [String(req.body.text)], updateId: String(req.body.messageId) }));
      } catch (error) {
        next(error);
      }
    });
    router.post('/floor/end', async (req, res, next) => {
      try {
        await this.client.workflow.getHandle(String(req.body.id)).signal(floorEndSignal);
        res.status(202).end();
      } catch (error) {
        next(error);
      }
    });
    const sessions = new Map<string, { seq: number }>();
    router.post('/memory/start', (req, res) => {
      const id = `memory/${req.body.conversationId}`;
      if (!sessions.has(id)) sessions.set(id, { seq: 0 });
      res.json({ id, status: 'queued' });
    });
    router.post('/memory/messages', async (req, res, next) => {
      try {
        const session = sessions.get(String(req.body.id));
        if (!session) {
          res.status(404).end();
          return;
        }
        const seq = ++session.seq;
        const relayed = await fetch(`${this.apiUrl}/memory/receiver`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ seq, text: req.body.text }),
        });
        await relayed.body?.cancel();
        res.status(202).json({ seq });
      } catch (error) {
        next(error);
      }
    });
    router.post('/memory/receiver', (req, res) => {
      if (!this.memoryArrivals.has(req.body.text)) this.memoryArrivals.set(req.body.text, performance.now());
      res.status(200).end();
    });
    return router;
  }

  private async listen(app: express.Express): Promise<string> {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/bot`;
  }
}
