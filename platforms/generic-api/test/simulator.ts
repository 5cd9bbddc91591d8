/**
 * A queue API of the shape the `vayusphere` preset of `generic-api` speaks (no public documentation
 * of Vayusphere exists, so the preset is the contract): `POST /api/v1/handoffs`,
 * `Authorization: Bearer <key>`, `Idempotency-Key`, JSON `{ queue, reference, user: { id, ... },
 * message, ... }` → 201 `{ sessionId, joinUrl, position, estimatedWaitSeconds }`; 401 without the
 * key, 415 for a body that is not JSON, 400 naming a missing field, 404 for an unknown queue, and
 * the same placement again for a repeated idempotency key. Any other path answers what `respond`
 * says (after the same key check), for the custom mappings of `generic-api`.
 */
import express, { type Express, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { HttpSimulator } from '../../../test/support/http-simulator';

export interface QueueApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface Placement {
  sessionId: string;
  joinUrl: string;
  position: number;
  estimatedWaitSeconds: number;
  queue: string;
  body: Record<string, unknown>;
}

export interface CannedAnswer {
  status: number;
  body: unknown;
  contentType?: string;
}

export class QueueApiSimulator extends HttpSimulator {
  readonly requests: QueueApiRequest[] = [];
  readonly placements = new Map<string, Placement>();
  failBefore: { count: number; status: number } = { count: 0, status: 503 };
  respond: (request: QueueApiRequest) => CannedAnswer = () => ({ status: 404, body: { error: 'no such endpoint' } });

  constructor(private readonly options: { apiKey: string; queues: string[] }) {
    super();
  }

  protected routes(app: Express): void {
    app.use(express.text({ type: () => true }));
    app.post('/api/v1/handoffs', (req, res) => this.guarded(req, res, (request) => this.place(request, res)));
    app.all('/{*path}', (req, res) =>
      this.guarded(req, res, (request) => {
        const answer = this.respond(request);
        res.status(answer.status).type(answer.contentType ?? 'application/json');
        res.send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      }),
    );
  }

  private guarded(req: Request, res: Response, handle: (request: QueueApiRequest) => void): void {
    const text = typeof req.body === 'string' ? req.body : '';
    let body: unknown;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        res.status(400).json({ error: 'body is not JSON' });
        return;
      }
    }
    const request = { method: req.method, path: req.path, query: new URL(req.originalUrl, 'http://simulator').searchParams, headers: req.headers, body };
    this.requests.push(request);
    if (this.failBefore.count > 0) {
      this.failBefore.count--;
      res.status(this.failBefore.status).json({ error: 'temporarily unavailable' });
      return;
    }
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? req.headers['x-api-key'];
    if (key !== this.options.apiKey) {
      res.status(401).json({ error: 'invalid API key' });
      return;
    }
    if (text && !req.is('application/json')) {
      res.status(415).json({ error: 'expected application/json' });
      return;
    }
    handle(request);
  }

  private place(request: QueueApiRequest, res: Response): void {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const user = body.user as Record<string, unknown> | undefined;
    const missing = [
      typeof body.queue !== 'string' && 'queue',
      typeof user?.id !== 'string' && 'user.id',
      (typeof body.message !== 'string' || body.message === '') && 'message',
    ].filter(Boolean);
    if (missing.length > 0) {
      res.status(400).json({ error: `missing ${missing.join(', ')}` });
      return;
    }
    if (!this.options.queues.includes(body.queue as string)) {
      res.status(404).json({ error: `unknown queue ${String(body.queue)}` });
      return;
    }
    const idempotencyKey = String(request.headers['idempotency-key'] ?? randomUUID());
    let placement = this.placements.get(idempotencyKey);
    if (!placement) {
      const sessionId = `vs-${randomUUID()}`;
      const position = [...this.placements.values()].filter((p) => p.queue === body.queue).length + 1;
      placement = {
        sessionId,
        joinUrl: `${this.url}/join/${sessionId}?lang=en`,
        position,
        estimatedWaitSeconds: position * 90,
        queue: body.queue as string,
        body,
      };
      this.placements.set(idempotencyKey, placement);
    }
    const { sessionId, joinUrl, position, estimatedWaitSeconds } = placement;
    res.status(201).json({ sessionId, joinUrl, position, estimatedWaitSeconds });
  }
}
