/**
 * The 8x8 Chat Gateway as documented: `x-api-key` and `X-8x8-Tenant` on every call,
 * `POST /conversations` (channel, user with `additionalProperties`, queue assignment, history),
 * `GET /conversations/{id}`, `POST /conversations/{id}/messages`, the user's typing on
 * `POST /conversations/{id}/activities` (8x8 publishes no such path: it is the connector's default),
 * `PATCH /conversations/{id}/participants/user`, and the public signing key at `/jwk/{kid}/public`.
 * Events reach the channel's webhook signed as 8x8 signs them: a detached JWS (`b64: false`) over
 * `{"checksum","cid","eid","retry","tid","tt"}`, with the `x-8x8-*` headers, retried with a new
 * transmission time until answered 2xx. It can fail, deliver twice and deliver late on purpose.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { generateKeyPairSync, randomBytes, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { HttpSimulator } from '../../../test/support/http-simulator';

export interface EightByEightSimulatorOptions {
  apiKey: string;
  tenant: string;
  customerId: string;
  channelId: string;
  queueId: string;
  queueName: string;
  algorithm: 'ES256' | 'RS256';
  /** Key id to sign with; a forger may claim the real one. @default a random id */
  kid?: string;
}

export interface SimConversation {
  conversationId: string;
  channelId: string;
  user: { name?: string; userId?: string; email?: string; language?: string; additionalProperties: Array<{ key: string; value: string }> };
  assignment: { type: string; id: string };
  history: Array<{ authorType: string; text: string }>;
  userMessages: string[];
  /** The user's messages and typing states as they arrived: `message:<text>` or `typing:<true|false>`. */
  userActivity: string[];
  state: 'created' | 'active' | 'idle';
  userRemoved: boolean;
}

type Operation = 'createConversation' | 'getConversation' | 'sendMessage' | 'sendActivity' | 'userLeaves';

const BASE = '/chat-gateway/v1';

export class EightByEightSimulator extends HttpSimulator {
  readonly conversations: SimConversation[] = [];
  readonly calls: Array<{ operation: Operation; status: number }> = [];
  readonly deliveries: Array<{ eventId: string; eventType: string; status: number }> = [];
  readonly kid: string;
  webhookUrl = '';
  protected override readonly basePath = BASE;
  /** Deliver every event twice (same event id), as an at-least-once sender may. */
  duplicateDeliveries = false;
  private readonly privateKey: KeyObject;
  readonly publicJwk: JsonWebKey;
  private failures: Array<{ operation: Operation; remaining: number; status: number }> = [];
  private webhookFailures = 0;
  private held: Array<() => void> = [];
  private holdNextCount = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: EightByEightSimulatorOptions) {
    super();
    this.kid = options.kid ?? randomBytes(16).toString('base64url');
    const pair = options.algorithm === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicJwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: options.algorithm, use: 'sig' };
  }

  protected routes(app: Express): void {
    app.use(express.json({ type: () => true }));
    app.get(`${BASE}/jwk/:kid/public`, (req, res) => {
      if (req.params.kid !== this.kid) return problem(res, 404, `Resource of type jwk with id ${req.params.kid} was not found.`);
      res.json(this.publicJwk);
    });
    app.use(BASE, (req, res, next) => this.authenticate(req, res, next));
    app.post(
      `${BASE}/conversations`,
      this.operation('createConversation', (req, res) => this.createConversation(req, res)),
    );
    app.get(
      `${BASE}/conversations/:id`,
      this.operation('getConversation', (req, res) => this.getConversation(req, res)),
    );
    app.post(
      `${BASE}/conversations/:id/messages`,
      this.operation('sendMessage', (req, res) => this.sendMessage(req, res)),
    );
    app.post(
      `${BASE}/conversations/:id/activities`,
      this.operation('sendActivity', (req, res) => this.sendActivity(req, res)),
    );
    app.patch(
      `${BASE}/conversations/:id/participants/user`,
      this.operation('userLeaves', (req, res) => this.userLeaves(req, res)),
    );
  }

  failNext(operation: Operation, count: number, status = 503): void {
    this.failures.push({ operation, remaining: count, status });
  }

  /** The next `count` webhook deliveries fail on the network, as if Handoff were unreachable. */
  dropNextDeliveries(count: number): void {
    this.webhookFailures += count;
  }

  holdNext(count = 1): void {
    this.holdNextCount += count;
  }

  /** Delivers held events after everything else queued. */
  releaseHeld(): void {
    for (const release of this.held.splice(0)) release();
  }

  async drained(): Promise<void> {
    await this.queue;
  }

  conversation(conversationId: string): SimConversation {
    const found = this.conversations.find((c) => c.conversationId === conversationId);
    if (!found) throw new Error(`no conversation ${conversationId}`);
    return found;
  }

  /** Sends `WEB_HOOK_VERIFY`, as 8x8 does when a webhook is added; resolves with the answer's status. */
  async verifyWebhook(): Promise<number> {
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notificationVersion: 'Chat Gateway v1.0', eventType: 'WEB_HOOK_VERIFY' }),
    });
    return response.status;
  }

  agentJoins(conversationId: string, agentId: string): void {
    const conversation = this.conversation(conversationId);
    conversation.state = 'active';
    this.emit(conversationId, 'CONVERSATION_UPDATE', { state: 'active', assignment: { type: 'agent', id: agentId }, user: conversation.user });
    this.emit(conversationId, 'MEMBERS_CHANGED', { memberType: 'agent', change: 'joined', id: agentId });
  }

  agentSays(conversationId: string, agentId: string, text: string): void {
    this.emit(conversationId, 'MESSAGE', { isEcho: false, sender: { id: agentId, type: 'agent' }, text, attachments: [], cards: [] });
  }

  agentTyping(conversationId: string, agentId: string, typing = true): void {
    this.emit(conversationId, 'ACTIVITY', { name: 'typing', value: { users: typing ? [{ type: 'agent', id: agentId }] : [] } });
  }

  /**
   * The agent transfers the chat to another queue: it leaves, and the conversation is queued again.
   * 8x8 publishes no TRANSFER body; the simulator sends the queue fields QUEUED has (`data` replaces them).
   */
  agentTransfers(conversationId: string, agentId: string, data: unknown = { queueId: 'queue-2', queueName: 'Second line' }): void {
    this.emit(conversationId, 'TRANSFER', data);
    this.emit(conversationId, 'MEMBERS_CHANGED', { memberType: 'agent', change: 'left', id: agentId });
    this.emit(conversationId, 'QUEUED', { queueId: 'queue-2', queueName: 'Second line' });
  }

  /** The agent ends the interaction: the agent leaves and the conversation goes idle. */
  agentEndsChat(conversationId: string, agentId: string): void {
    this.emit(conversationId, 'MEMBERS_CHANGED', { memberType: 'agent', change: 'left', id: agentId });
    this.idle(conversationId);
  }

  /** Emits a signed event to the webhook; returns its event id. */
  emit(conversationId: string, eventType: string, data: unknown, { staleBySeconds = 0 } = {}): string {
    const eventId = randomBytes(16).toString('base64url');
    const body = JSON.stringify({ eventType, conversationId, timestamp: Date.now(), ...(data !== undefined && { data }) });
    const send = () => this.deliverWithRetries(eventId, eventType, body, staleBySeconds);
    if (this.holdNextCount > 0) {
      this.holdNextCount--;
      this.held.push(() => {
        this.queue = this.queue.then(send);
      });
    } else {
      this.queue = this.queue.then(async () => {
        await send();
        if (this.duplicateDeliveries) await send();
      });
    }
    return eventId;
  }

  /** The signed headers 8x8 sends with a body, for a given event id, retry and transmission time. */
  signedHeaders(body: string, eventId: string, retry: number, transmissionTime: number): Record<string, string> {
    const payload = JSON.stringify({
      checksum: crc32(Buffer.from(body, 'utf8')),
      cid: this.options.customerId,
      eid: eventId,
      retry,
      tid: this.options.tenant,
      tt: transmissionTime,
    });
    const header = Buffer.from(JSON.stringify({ b64: false, crit: ['b64'], kid: this.kid, alg: this.options.algorithm })).toString('base64url');
    const input = Buffer.from(`${header}.${payload}`, 'utf8');
    const signature =
      this.options.algorithm === 'ES256' ? sign('sha256', input, { key: this.privateKey, dsaEncoding: 'ieee-p1363' }) : sign('sha256', input, this.privateKey);
    return {
      'content-type': 'application/json',
      'x-8x8-customer-id': this.options.customerId,
      'x-8x8-tenant-id': this.options.tenant,
      'x-8x8-event-id': eventId,
      'x-8x8-retry': String(retry),
      'x-8x8-transmission-time': String(transmissionTime),
      'x-8x8-signature': `${header}..${signature.toString('base64url')}`,
    };
  }

  private idle(conversationId: string): void {
    const conversation = this.conversation(conversationId);
    conversation.state = 'idle';
    this.emit(conversationId, 'CONVERSATION_UPDATE', { state: 'idle', assignment: conversation.assignment, user: conversation.user });
  }

  private async deliverWithRetries(eventId: string, eventType: string, body: string, staleBySeconds: number): Promise<void> {
    for (let retry = 0; retry < 60; retry++) {
      let status = 0;
      if (this.webhookFailures > 0) {
        this.webhookFailures--;
      } else {
        try {
          const headers = this.signedHeaders(body, eventId, retry, Date.now() - staleBySeconds * 1_000);
          const response = await fetch(this.webhookUrl, { method: 'POST', headers, body });
          await response.arrayBuffer();
          status = response.status;
        } catch {
          status = 0;
        }
      }
      this.deliveries.push({ eventId, eventType, status });
      if (status >= 200 && status < 300) return;
      // A stale or refused event is not retried for ever: a few attempts, like a real sender's budget.
      if (status === 401 || status === 400) return;
      await sleep(Math.min(25 * (retry + 1), 250));
    }
  }

  private authenticate(req: Request, res: Response, next: NextFunction): void {
    if (req.header('x-api-key') !== this.options.apiKey) return problem(res, 401, 'Invalid Credentials');
    if (req.header('x-8x8-tenant') !== this.options.tenant)
      return problem(res, 404, `Tenant ${req.header('x-8x8-tenant')} does not belong to customer ${this.options.customerId}.`);
    next();
  }

  private operation(operation: Operation, run: (req: Request, res: Response) => void) {
    return (req: Request, res: Response) => {
      res.on('finish', () => this.calls.push({ operation, status: res.statusCode }));
      const failure = this.failures.find((f) => f.operation === operation && f.remaining > 0);
      if (failure) {
        failure.remaining--;
        return problem(res, failure.status, 'simulated failure');
      }
      run(req, res);
    };
  }

  private createConversation(req: Request, res: Response): void {
    const body = req.body as Record<string, any>;
    if (body.channelId !== this.options.channelId) return problem(res, 400, `Channel ${String(body.channelId)} is invalid.`);
    if (!body.user || typeof body.user !== 'object') return problem(res, 400, 'user is required');
    const properties = body.user.additionalProperties ?? [];
    if (!Array.isArray(properties) || properties.length > 30 || properties.some((p: any) => typeof p?.key !== 'string' || typeof p?.value !== 'string')) {
      return problem(res, 400, 'additionalProperties must be at most 30 { key, value } strings');
    }
    if (body.assignment?.type !== 'queue' || body.assignment?.id !== this.options.queueId)
      return problem(res, 400, `Queue ID ${String(body.assignment?.id)} is invalid.`);
    const messages = body.history?.messages ?? [];
    if (
      !Array.isArray(messages) ||
      messages.length > 200 ||
      messages.some((m: any) => !['user', 'bot'].includes(m?.authorType) || typeof m?.text !== 'string')
    ) {
      return problem(res, 400, 'history.messages must be at most 200 { authorType: user|bot, text }');
    }
    const conversation: SimConversation = {
      conversationId: randomBytes(12).toString('base64url'),
      channelId: body.channelId,
      user: { ...body.user, additionalProperties: properties },
      assignment: body.assignment,
      history: messages,
      userMessages: [],
      userActivity: [],
      state: 'created',
      userRemoved: false,
    };
    this.conversations.push(conversation);
    res.status(202).type('application/hal+json').json({ conversationId: conversation.conversationId, createdAt: new Date().toISOString() });
    this.emit(conversation.conversationId, 'CONVERSATION_UPDATE', { state: 'created', assignment: conversation.assignment, user: conversation.user });
    this.emit(conversation.conversationId, 'QUEUED', { queueId: this.options.queueId, queueName: this.options.queueName });
  }

  private getConversation(req: Request, res: Response): void {
    const conversation = this.conversations.find((c) => c.conversationId === req.params.id);
    if (!conversation) return problem(res, 404, `Resource of type conversation with id ${req.params.id} was not found.`);
    const { conversationId, channelId, assignment, user, state } = conversation;
    res.type('application/hal+json').json({ id: conversationId, channelId, assignment, user, state });
  }

  private sendMessage(req: Request, res: Response): void {
    const conversation = this.conversations.find((c) => c.conversationId === req.params.id);
    if (!conversation) return problem(res, 404, `Resource of type conversation with id ${req.params.id} was not found.`);
    const { authorType, text } = req.body as Record<string, unknown>;
    if (!['user', 'bot'].includes(String(authorType))) return problem(res, 400, `Invalid authorType=${String(authorType)}, has to be one of user, bot, agent`);
    if (typeof text !== 'string' || text === '') return problem(res, 400, 'text is required');
    conversation.userMessages.push(text);
    conversation.userActivity.push(`message:${text}`);
    res.status(202).end();
    this.emit(conversation.conversationId, 'MESSAGE', { isEcho: true, sender: { id: 'user', type: 'user' }, text });
  }

  private sendActivity(req: Request, res: Response): void {
    const conversation = this.conversations.find((c) => c.conversationId === req.params.id);
    if (!conversation) return problem(res, 404, `Resource of type conversation with id ${req.params.id} was not found.`);
    const { authorType, name, value } = req.body as Record<string, unknown>;
    if (authorType !== 'user') return problem(res, 400, `Invalid authorType=${String(authorType)}, has to be user`);
    if (name !== 'typing' || typeof value !== 'boolean') return problem(res, 400, 'a typing activity needs name "typing" and a boolean value');
    conversation.userActivity.push(`typing:${value}`);
    res.status(202).end();
  }

  private userLeaves(req: Request, res: Response): void {
    const conversation = this.conversations.find((c) => c.conversationId === req.params.id);
    if (!conversation) return problem(res, 404, `Resource of type conversation with id ${req.params.id} was not found.`);
    if (req.body?.removed !== true) return problem(res, 400, 'removed must be true');
    conversation.userRemoved = true;
    res.status(204).end();
    this.emit(conversation.conversationId, 'MEMBERS_CHANGED', { memberType: 'user', change: 'left', id: 'user' });
    this.idle(conversation.conversationId);
  }
}

function problem(res: Response, status: number, message: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ message, errors: [{ code: 'simulated', message }] });
}
