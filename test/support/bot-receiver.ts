import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifyCallback } from '../../activities/callback-signature';
import type { BotEvent } from '../../contracts/bot-event';

/**
 * A bot's callback endpoint: verifies `X-Handoff-Signature` like a real bot must, keeps the
 * events it took, and can be told to fail for a while.
 */
export class BotReceiver {
  readonly events: BotEvent[] = [];
  readonly rejectedSignatures: number[] = [];
  failuresLeft = 0;
  /** Called with each signed delivery before it is answered: a test can kill the worker that sent it there. */
  onDelivery?: (event: BotEvent) => void;
  private server?: Server;

  constructor(private readonly secret: string) {}

  async start(): Promise<string> {
    const app = express();
    app.use(express.text({ type: '*/*' }));
    app.post('/bot/events', (req, res) => {
      const body = String(req.body);
      if (!verifyCallback(this.secret, body, req.header(SIGNATURE_HEADER))) {
        this.rejectedSignatures.push(Date.now());
        res.status(401).end();
        return;
      }
      const event = JSON.parse(body) as BotEvent;
      this.onDelivery?.(event);
      if (this.failuresLeft > 0) {
        this.failuresLeft--;
        res.status(503).end();
        return;
      }
      this.events.push(event);
      res.status(200).end();
    });
    this.server = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/bot/events`;
  }

  /** Events for one handoff in `seq` order, one per `eventId`: a bot drops redelivered duplicates by it. */
  eventsFor(handoffId: string): BotEvent[] {
    const byId = new Map<string, BotEvent>();
    for (const event of this.events) if (event.handoffId === handoffId && !byId.has(event.eventId)) byId.set(event.eventId, event);
    return [...byId.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Every delivery for one handoff, duplicates included, in arrival order. */
  deliveriesFor(handoffId: string): BotEvent[] {
    return this.events.filter((event) => event.handoffId === handoffId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
