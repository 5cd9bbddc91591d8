import type { DeskStore, OutboxEvent } from './store';

export interface WebhookOutboxOptions {
  /** Where Handoff's `POST /v1/webhooks/local-desk` is; read at each delivery, so it can be set after listen. */
  webhookUrl: () => string;
  secret: string;
  log?: (message: string, context: object) => void;
}

const MAX_BACKOFF_MS = 5_000;
const PARALLEL_CHATS = 16;

/**
 * Delivers the desk's agent events to Handoff, each chat's in the order they happened, at least once: an
 * event leaves the outbox only when the webhook answered 2xx (or a 4xx that retrying cannot
 * change). A 503 or a network error is retried with backoff, like a real platform redelivers.
 */
export class WebhookOutbox {
  private running = false;
  private wake?: () => void;
  private stopped = false;
  private backoffMs = 0;
  private kicked = false;

  constructor(
    private readonly store: DeskStore,
    private readonly options: WebhookOutboxOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  /** New events are waiting. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.kicked = false;
      const pending = this.store.pendingEvents(500);
      const delivered = await this.deliverByChat(pending);
      if (!delivered) {
        this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 100), MAX_BACKOFF_MS);
        await this.sleep(this.backoffMs);
      } else {
        this.backoffMs = 0;
        if (pending.length === 0 && !this.kicked) await this.sleep(1_000);
      }
    }
    this.running = false;
  }

  /** Chats are independent: their events go out side by side, each chat's strictly in order. */
  private async deliverByChat(pending: OutboxEvent[]): Promise<boolean> {
    const byChat = new Map<string, OutboxEvent[]>();
    for (const event of pending) byChat.set(event.chatId, [...(byChat.get(event.chatId) ?? []), event]);
    const queues = [...byChat.values()];
    let allDelivered = true;
    const lane = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const event of queue) {
          if (this.stopped || !(await this.deliver(event))) {
            allDelivered = false;
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CHATS, queues.length) }, lane));
    return allDelivered;
  }

  private async deliver(event: OutboxEvent): Promise<boolean> {
    let status: number;
    try {
      const response = await fetch(this.options.webhookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-desk-secret': this.options.secret },
        body: JSON.stringify(event.body),
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (error) {
      this.options.log?.('desk webhook unreachable; will retry', { eventId: event.body.eventId, error: (error as Error).message });
      return false;
    }
    if (status === 408 || status === 429 || status >= 500) return false;
    if (status >= 400) this.options.log?.('desk webhook refused an event; dropped', { eventId: event.body.eventId, status });
    this.store.markDelivered(event.id);
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
