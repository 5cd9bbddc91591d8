/**
 * The cluster of `npm run test:cluster` (tools/scripts/cluster/cluster.ts with free ports and a fresh
 * folder, `data/cluster/test`), with what a bot and an agent need to drive it over HTTP: a bot
 * callback receiver that verifies signatures (test/support/bot-receiver.ts), the desk agent's
 * session, and a Temporal client with the processes' own mTLS settings.
 */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeApiClient, createApiClient } from '../../api/temporal-client';
import { temporalSecurity } from '../../config/temporal-security';
import { Cluster } from '../../tools/scripts/cluster/cluster';
import { defaultClusterRoot, freePorts, outsidePostgresFolder, type ClusterPorts } from '../../tools/scripts/cluster/layout';
import { BotReceiver } from '../support/bot-receiver';
import { DEFAULT_TEST_CONFIG, type HttpAnswer } from '../support/stack';

export const TEST_WORKERS = 2;
export const TEST_APIS = 2;
export const AGENT = 'Grace';

export class ClusterRun {
  readonly root = path.join(defaultClusterRoot(), 'test');
  readonly agentPassword = `agent-password-${randomUUID()}`;
  cluster!: Cluster;
  bot!: BotReceiver;
  botUrl = '';
  client!: Client;
  private ports!: ClusterPorts;
  private agentCookie?: string;
  /** How long each phase took, for the report. */
  readonly timings: Record<string, number> = {};

  static async start(): Promise<ClusterRun> {
    const run = new ClusterRun();
    rmSync(run.root, { recursive: true, force: true });
    rmSync(path.dirname(outsidePostgresFolder(run.root)), { recursive: true, force: true });
    run.ports = await freePorts(TEST_APIS);
    await run.startCluster('first start');
    run.bot = new BotReceiver(run.cluster.secrets.values.HANDOFF_CALLBACK_SECRET);
    run.botUrl = await run.bot.start();
    return run;
  }

  /** The settings of the test's processes: its profiles, its desk agent, callbacks to this machine; nothing else of the environment. */
  private env(): NodeJS.ProcessEnv {
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    const config = path.join(this.root, 'profiles.yaml');
    writeFileSync(config, DEFAULT_TEST_CONFIG);
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HANDOFF_CONFIG: config,
      HANDOFF_DESK_AGENT: `${AGENT}:${this.agentPassword}`,
      HANDOFF_CALLBACK_HOSTS: '127.0.0.1',
      HANDOFF_DEMO: 'off',
      HANDOFF_LOG_LEVEL: 'INFO',
    };
  }

  private async startCluster(phase: string): Promise<void> {
    const began = Date.now();
    const log: string[] = [];
    this.cluster = new Cluster({ root: this.root, ports: this.ports, workers: TEST_WORKERS, env: this.env(), log: (line) => log.push(line) });
    await this.cluster.start();
    this.client = createApiClient({
      address: this.cluster.address,
      namespace: this.cluster.namespace,
      encryptionKeys: this.cluster.startUp.settings.HANDOFF_ENCRYPTION_KEYS,
      ...temporalSecurity(this.cluster.startUp.settings),
    });
    this.timings[phase] = Date.now() - began;
  }

  /** Stops everything (Handoff's processes, the server, PostgreSQL) and starts it all again on the same folder and ports. */
  async restartAll(): Promise<void> {
    await closeApiClient(this.client);
    await this.cluster.stop();
    this.agentCookie = undefined;
    await this.startCluster('restart of everything');
  }

  async stop(): Promise<void> {
    if (this.client) await closeApiClient(this.client);
    await this.cluster?.stop();
    await this.bot?.stop();
  }

  apiUrl(i: number): string {
    return this.cluster.apiUrl(i);
  }

  /** A bot's call to API `api` (from 0) with the bot token. */
  async call<T = any>(api: number, method: string, urlPath: string, body?: unknown): Promise<HttpAnswer<T>> {
    return this.fetchJson(`${this.apiUrl(api)}${urlPath}`, method, body, { authorization: `Bearer ${this.cluster.secrets.values.HANDOFF_API_TOKEN}` });
  }

  /** The agent's call to the desk's API (on the first API process, which the workers deliver to). */
  async desk<T = any>(method: string, urlPath: string, body?: unknown): Promise<HttpAnswer<T>> {
    this.agentCookie ??= await this.signIn();
    return this.fetchJson(`${this.apiUrl(0)}/desk/api${urlPath}`, method, body, { cookie: this.agentCookie });
  }

  private async signIn(): Promise<string> {
    const response = await fetch(`${this.apiUrl(0)}/desk/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: AGENT, password: this.agentPassword }),
    });
    if (response.status !== 204) throw new Error(`signing in to the desk answered ${response.status}: ${await response.text()}`);
    return response.headers.getSetCookie()[0]!.split(';')[0]!;
  }

  private async fetchJson(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<HttpAnswer> {
    const response = await fetch(url, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /**
   * Sends a user message as a bot behind a load balancer does: to API `first`, and on a refused
   * connection or a 5xx to the other API, again and again with the same `messageId` until one
   * takes it (a message is taken once per `messageId`). Answers the `seq`.
   */
  async sendUntilTaken(handoffId: string, messageId: string, text: string, first: number, timeoutMs = 120_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const api = (first + attempt) % TEST_APIS;
      try {
        const answer = await this.call(api, 'POST', handoffPath(handoffId, '/messages'), { messageId, text });
        if (answer.status === 202) return answer.body.seq as number;
        if (answer.status < 500) throw new Error(`message ${messageId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // fetch's TypeError: the connection was refused or cut
      }
      if (Date.now() > deadline) throw new Error(`message ${messageId} was not taken within ${timeoutMs / 1000}s`);
      await sleep(200);
    }
  }

  /** A valid handoff request to the test's bot receiver. */
  request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      conversationId: `conv-${randomUUID()}`,
      user: { id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com', department: 'Sales' },
      issue: { lastUtterance: 'My VPN keeps dropping', summary: 'VPN drops every few minutes', category: 'IT' },
      transcript: [
        { from: 'user', text: 'My VPN keeps dropping' },
        { from: 'bot', text: 'Have you tried reconnecting?' },
      ],
      callbackUrl: this.botUrl,
      ...overrides,
    };
  }
}

export function handoffPath(id: string, suffix = ''): string {
  return `/v1/handoffs/${encodeURIComponent(id)}${suffix}`;
}
