import { signedDeskHeaders } from '../../platforms/local-desk/delivery-signature';
import type { DeskStore, OutboxEvent } from './store';

export interface WebhookOutboxOptions {
  /** Where Handoff's `POST /v1/webhooks/local-desk` is; read at each delivery, so it can be set after listen. */
  webhookUrl: () => string;
  secret: string;
  log?: (message: string, context: object) => void;
}

const MAX_BACKOFF_MS = 5_000;
const PARALLEL_CHATS = 16;
const SWEEP_MS = 1_000;
const EVENTS_PER_READ = 50;

/**
 * Delivers the desk's agent events to Handoff, each chat's in the order they happened, at least
 * once: an event leaves the outbox only when the webhook answered 2xx (or a 4xx that retrying
 * cannot change). Each attempt is signed anew (`X-Desk-Timestamp`, `X-Desk-Signature`), so a
 * redelivery after an outage is fresh; a redelivery whose first attempt was taken but whose answer
 * was lost is answered `webhook_replayed`, which means delivered. Every chat has its own lane, started as soon as an event is recorded, so a chat
 * whose deliveries fail (a 503 or a network error, retried with backoff like a real platform
 * redelivers) holds up only itself.
 */
export class WebhookOutbox {
  private readonly busyChats = new Set<string>();
  private readonly sleepers = new Set<() => void>();
  private sweeper?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly store: DeskStore,
    private readonly options: WebhookOutboxOptions,
  ) {}

  start(): void {
    if (this.sweeper || this.stopped) return;
    // The sweep picks up what a lane at the limit left for later, and whatever was recorded before start.
    this.sweeper = setInterval(() => this.pump(), SWEEP_MS);
    this.sweeper.unref();
    this.pump();
  }

  /** New events are waiting. */
  kick(): void {
    if (this.sweeper) this.pump();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.sweeper);
    for (const wake of this.sleepers) wake();
  }

  private pump(): void {
    if (this.stopped) return;
    for (const chatId of this.store.chatsWithPendingEvents(PARALLEL_CHATS + this.busyChats.size)) {
      if (this.busyChats.size >= PARALLEL_CHATS) return;
      if (this.busyChats.has(chatId)) continue;
      this.busyChats.add(chatId);
      void this.runChat(chatId);
    }
  }

  private async runChat(chatId: string): Promise<void> {
    let backoffMs = 0;
    try {
      for (
        let events = this.store.pendingEventsOf(chatId, EVENTS_PER_READ);
        events.length > 0 && !this.stopped;
        // After stop() the desk may have closed its file: read nothing more.
        events = this.stopped ? [] : this.store.pendingEventsOf(chatId, EVENTS_PER_READ)
      ) {
        if (await this.deliverInOrder(events)) {
          backoffMs = 0;
        } else {
          backoffMs = Math.min(Math.max(backoffMs * 2, 100), MAX_BACKOFF_MS);
          await this.sleep(backoffMs);
        }
      }
    } finally {
      this.busyChats.delete(chatId);
    }
    this.pump();
  }

  private async deliverInOrder(events: OutboxEvent[]): Promise<boolean> {
    for (const event of events) {
      if (this.stopped || !(await this.deliver(event))) return false;
    }
    return true;
  }

  private async deliver(event: OutboxEvent): Promise<boolean> {
    const body = JSON.stringify(event.body);
    let status: number;
    let code: string | undefined;
    try {
      const response = await fetch(this.options.webhookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedDeskHeaders(this.options.secret, body) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      if (status === 401) code = await errorCodeOf(response);
      else await response.body?.cancel();
    } catch (error) {
      this.options.log?.('desk webhook unreachable; will retry', { eventId: event.body.eventId, error: (error as Error).message });
      return false;
    }
    // A stale refusal means a clock out of step, which a later attempt (dated anew) may not be.
    if (status === 408 || status === 429 || status >= 500 || code === 'webhook_stale') {
      if (code === 'webhook_stale')
        this.options.log?.('desk webhook refused the delivery as stale (clocks differ?); will retry', { eventId: event.body.eventId });
      return false;
    }
    // Stopped while the answer was on its way: the desk may have closed its store; the event stays pending and goes out again (the webhook drops a replay).
    if (this.stopped) return false;
    if (status >= 400 && code !== 'webhook_replayed') this.options.log?.('desk webhook refused an event; dropped', { eventId: event.body.eventId, status });
    this.store.markDelivered(event.id);
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

/** The `error.code` of an error answer, if it has one. */
async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const answer = (await response.json()) as { error?: { code?: unknown } };
    return typeof answer.error?.code === 'string' ? answer.error.code : undefined;
  } catch {
    return undefined;
  }
}
