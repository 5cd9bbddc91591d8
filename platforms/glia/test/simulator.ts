/**
 * Glia's operator API, as documented (plus the shapes platforms.md marks unknown, as Handoff
 * assumes them): `Accept: application/vnd.salemove.v1+json` required, tokens from
 * `POST /operator_authentication/tokens`, visitors, queue tickets that register webhooks (at most
 * 10; url, method, headers, events), chat messages `PUT`-ed by uuid, `PATCH` to end, and the
 * queue's status (`GET /sites/{siteId}/queues/{queueId}` → `{ status }`, an assumed shape). Webhook
 * events are POSTed with exactly the headers the ticket registered. Tests play the operator.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { randomBytes, randomUUID } from 'node:crypto';
import { HttpSimulator } from '../../../test/support/http-simulator';
import { WebhookOutbox } from '../../../test/support/webhook-outbox-simulator';

export interface GliaSimulatorOptions {
  apiKeyId: string;
  apiKeySecret: string;
  siteId: string;
  queueId: string;
}

interface RegisteredWebhook {
  url: string;
  method: string;
  headers: Record<string, string>;
  events: string[];
}

export interface GliaQueueTicket {
  id: string;
  visitorId: string;
  state: 'queued' | 'accepted' | 'cancelled';
  webhooks: RegisteredWebhook[];
  engagementId: string | null;
}

export interface GliaEngagement {
  id: string;
  ticket: GliaQueueTicket;
  operator: { id: string; name: string };
  /** The visitor's messages as the operator sees them, by uuid, in arrival order. */
  visitorMessages: Array<{ uuid: string; content: string }>;
  ended: boolean;
  endRequests: unknown[];
}

const EVENTS = new Set(['engagement.start', 'engagement.chat.message', 'engagement.transfer', 'engagement.end', 'engagement.request.failure']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class GliaSimulator extends HttpSimulator {
  readonly visitors = new Map<string, Record<string, unknown>>();
  readonly tickets = new Map<string, GliaQueueTicket>();
  readonly engagements = new Map<string, GliaEngagement>();
  readonly outbox = new WebhookOutbox();
  readonly issuedTokens: string[] = [];
  /** Answer the next N chat message requests with this status after doing nothing. */
  failMessages: { count: number; status: number } = { count: 0, status: 503 };
  /** Refuse the next queue ticket with this status (422: the queue is closed; 503: try again). */
  refuseNextTicket?: number;
  /** The queue's status as `GET /sites/{siteId}/queues/{queueId}` answers it (the shape Handoff assumes: `{ id, status }`). */
  queueStatus: 'opened' | 'closed' | 'full' | 'unstaffed' | 'unknown' = 'opened';
  /** Answer the next queue status requests with this status (e.g. 500), or never (`'hang'`). */
  queueStatusFailures: Array<number | 'hang'> = [];
  /** How many times the queue status was asked. */
  queueStatusRequests = 0;
  private readonly tokens = new Set<string>();

  constructor(private readonly options: GliaSimulatorOptions) {
    super();
  }

  protected routes(app: Express): void {
    app.use(express.json());
    app.use((req, res, next) => this.acceptsVersion(req, res, next));
    app.post('/operator_authentication/tokens', (req, res) => this.token(req, res));
    app.use((req, res, next) => this.authenticate(req, res, next));
    app.post('/visitors', (req, res) => this.createVisitor(req, res));
    app.post('/queue_tickets', (req, res) => this.createTicket(req, res));
    app.get('/queue_tickets/:id', (req, res) => this.showTicket(req, res));
    app.get('/sites/:siteId/queues/:queueId', (req, res) => this.showQueue(req, res));
    app.delete('/queue_tickets/:id', (req, res) => this.cancelTicket(req, res));
    app.put('/engagements/:id/chat_messages/:uuid', (req, res) => this.chatMessage(req, res));
    app.patch('/engagements/:id', (req, res) => this.endEngagement(req, res));
  }

  override async stop(): Promise<void> {
    this.outbox.stop();
    await super.stop();
  }

  /** Every operator token stops working, as when they expire. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** The queue ticket whose webhook URL names this handoff. */
  ticketOf(handoffId: string): GliaQueueTicket | undefined {
    return [...this.tickets.values()].find((t) => t.webhooks.some((w) => new URL(w.url).searchParams.get('handoff') === handoffId));
  }

  /** An operator accepts the ticket: the engagement starts. */
  accept(ticket: GliaQueueTicket, operator: { id: string; name: string }): GliaEngagement {
    const engagement: GliaEngagement = { id: randomUUID(), ticket, operator, visitorMessages: [], ended: false, endRequests: [] };
    this.engagements.set(engagement.id, engagement);
    ticket.state = 'accepted';
    ticket.engagementId = engagement.id;
    this.emit(ticket, 'engagement.start', { engagement: this.engagementBody(engagement) });
    return engagement;
  }

  operatorSays(engagement: GliaEngagement, content: string): void {
    this.emit(engagement.ticket, 'engagement.chat.message', {
      message: {
        id: randomUUID(),
        content,
        engagement_id: engagement.id,
        target: 'visitor',
        timestamp: new Date().toISOString(),
        sender: { type: 'operator', id: engagement.operator.id, name: engagement.operator.name },
      },
    });
  }

  transfer(engagement: GliaEngagement): void {
    this.emit(engagement.ticket, 'engagement.transfer', { engagement: this.engagementBody(engagement) });
  }

  operatorEnds(engagement: GliaEngagement): void {
    engagement.ended = true;
    this.emit(engagement.ticket, 'engagement.end', { engagement: this.engagementBody(engagement) });
  }

  private engagementBody(engagement: GliaEngagement) {
    return { id: engagement.id, site_id: this.options.siteId, visitor_id: engagement.ticket.visitorId, operators: [engagement.operator] };
  }

  private emit(ticket: GliaQueueTicket, eventType: string, fields: Record<string, unknown>): void {
    for (const webhook of ticket.webhooks.filter((w) => w.events.includes(eventType))) {
      this.outbox.push({
        url: webhook.url,
        method: webhook.method,
        headers: webhook.headers,
        body: { event_type: eventType, dispatched_at: new Date().toISOString(), ...fields },
      });
    }
  }

  private acceptsVersion(req: Request, res: Response, next: NextFunction): void {
    if (!(req.headers.accept ?? '').includes('application/vnd.salemove.v1+json')) {
      res.status(406).json({ error: 'Not Acceptable', debug_message: 'request API version with Accept: application/vnd.salemove.v1+json' });
      return;
    }
    next();
  }

  private token(req: Request, res: Response): void {
    const body = req.body as { api_key_id?: string; api_key_secret?: string };
    if (body.api_key_id !== this.options.apiKeyId || body.api_key_secret !== this.options.apiKeySecret) {
      res.status(401).json({ error: 'Unauthorized', debug_message: 'invalid API key' });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.add(token);
    this.issuedTokens.push(token);
    res.status(201).json({ token });
  }

  private authenticate(req: Request, res: Response, next: NextFunction): void {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ') || !this.tokens.has(header.slice(7))) {
      res.status(401).json({ error: 'Unauthorized', debug_message: 'a valid operator token is required' });
      return;
    }
    next();
  }

  private createVisitor(req: Request, res: Response): void {
    const body = req.body as Record<string, unknown>;
    if (body.site_id !== this.options.siteId) {
      res.status(422).json({ error: 'Unprocessable Entity', debug_message: 'unknown site_id' });
      return;
    }
    const id = randomUUID();
    this.visitors.set(id, body);
    res.status(201).json({ id, ...body });
  }

  private createTicket(req: Request, res: Response): void {
    const body = req.body as Record<string, unknown>;
    const problem = invalidTicket(body, this.options, this.visitors);
    if (problem) {
      res.status(422).json({ error: 'Unprocessable Entity', debug_message: problem });
      return;
    }
    if (this.refuseNextTicket) {
      const status = this.refuseNextTicket;
      this.refuseNextTicket = undefined;
      res.status(status).json(status >= 500 ? { error: 'Service Unavailable' } : { error: 'Unprocessable Entity', debug_message: 'the queue is closed' });
      return;
    }
    const visitorId = body.visitor_id as string;
    const active = [...this.tickets.values()].find((t) => t.visitorId === visitorId && t.state !== 'cancelled');
    if (active) {
      res.status(200).json(ticketBody(active));
      return;
    }
    const ticket: GliaQueueTicket = { id: randomUUID(), visitorId, state: 'queued', webhooks: body.webhooks as RegisteredWebhook[], engagementId: null };
    this.tickets.set(ticket.id, ticket);
    res.status(201).json(ticketBody(ticket));
  }

  private showTicket(req: Request, res: Response): void {
    const ticket = this.tickets.get(String(req.params.id));
    if (!ticket) {
      res.status(404).json({ error: 'Not Found' });
      return;
    }
    res.json(ticketBody(ticket));
  }

  private showQueue(req: Request, res: Response): void {
    this.queueStatusRequests++;
    const failure = this.queueStatusFailures.shift();
    if (failure === 'hang') return;
    if (failure !== undefined) {
      res.status(failure).json({ error: 'simulated failure' });
      return;
    }
    if (req.params.siteId !== this.options.siteId || req.params.queueId !== this.options.queueId) {
      res.status(404).json({ error: 'queue not found' });
      return;
    }
    res.json({ id: this.options.queueId, site_id: this.options.siteId, name: 'Support', status: this.queueStatus });
  }

  private cancelTicket(req: Request, res: Response): void {
    const ticket = this.tickets.get(String(req.params.id));
    if (!ticket || ticket.state === 'cancelled') {
      res.status(404).json({ error: 'Not Found' });
      return;
    }
    ticket.state = 'cancelled';
    res.status(204).end();
  }

  private chatMessage(req: Request, res: Response): void {
    const engagement = this.engagements.get(String(req.params.id));
    const uuid = String(req.params.uuid);
    const body = req.body as { type?: string; content?: unknown };
    if (!engagement) {
      res.status(404).json({ error: 'Not Found' });
      return;
    }
    if (!UUID.test(uuid) || body.type !== 'chat' || typeof body.content !== 'string' || body.content === '') {
      res.status(422).json({ error: 'Unprocessable Entity', debug_message: 'needs a uuid, type "chat" and content' });
      return;
    }
    if (this.failMessages.count > 0) {
      this.failMessages.count--;
      res.status(this.failMessages.status).json({ error: 'simulated failure' });
      return;
    }
    if (engagement.ended) {
      res.status(409).json({ error: 'Conflict', debug_message: 'the engagement has ended' });
      return;
    }
    const known = engagement.visitorMessages.find((m) => m.uuid === uuid);
    if (!known) {
      engagement.visitorMessages.push({ uuid, content: body.content });
      this.emit(engagement.ticket, 'engagement.chat.message', {
        message: { id: uuid, content: body.content, engagement_id: engagement.id, target: 'operator', timestamp: new Date().toISOString() },
      });
    }
    res.status(known ? 200 : 201).json({ id: uuid, content: body.content, engagement_id: engagement.id });
  }

  private endEngagement(req: Request, res: Response): void {
    const engagement = this.engagements.get(String(req.params.id));
    if (!engagement) {
      res.status(404).json({ error: 'Not Found' });
      return;
    }
    engagement.endRequests.push(req.body);
    if (!engagement.ended) this.operatorEnds(engagement);
    res.status(200).json({ id: engagement.id, status: 'ended' });
  }
}

function ticketBody(ticket: GliaQueueTicket) {
  return { id: ticket.id, state: ticket.state, visitor_id: ticket.visitorId, engagement_id: ticket.engagementId };
}

function invalidTicket(body: Record<string, unknown>, options: GliaSimulatorOptions, visitors: Map<string, unknown>): string | undefined {
  if (body.site_id !== options.siteId) return "site_id is required and must be the visitor's site";
  if (body.media !== 'text') return 'media must be text for a visitor integrator';
  if (body.source !== 'visitor_integrator') return 'source must be visitor_integrator';
  if (!Array.isArray(body.queue_ids) || body.queue_ids.length !== 1 || body.queue_ids[0] !== options.queueId) return 'queue_ids must name the queue';
  if (typeof body.visitor_id !== 'string' || !visitors.has(body.visitor_id)) return 'visitor_id must name a visitor';
  if (!Array.isArray(body.webhooks) || body.webhooks.length > 10) return 'webhooks must be a list of at most 10';
  for (const webhook of body.webhooks as Array<Record<string, unknown>>) {
    if (typeof webhook.url !== 'string' || !/^https?:\/\//.test(webhook.url)) return 'webhook url must include the protocol';
    if (typeof webhook.method !== 'string') return 'webhook method is required';
    if (webhook.headers !== undefined && (typeof webhook.headers !== 'object' || webhook.headers === null)) return 'webhook headers must be an object';
    if (!Array.isArray(webhook.events) || webhook.events.length === 0 || !webhook.events.every((e) => EVENTS.has(e as string)))
      return 'webhook events must be known events, at least one';
  }
  return undefined;
}
