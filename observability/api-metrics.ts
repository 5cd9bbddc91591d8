/**
 * The API's own metrics (prom-client), one registry per app: webhook deliveries refused at the edge,
 * and the handoffs open now, counted by Temporal's visibility at scrape time.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { METRIC, type WebhookRejection } from './metric-names';
import type { OpenSessionCount } from './open-sessions';

export interface ApiMetricsOptions {
  /** Where `handoff_open_sessions` comes from; not exported without it. */
  openSessions?: OpenSessionCount;
  /** Called when the open sessions cannot be counted (Temporal unreachable); the scrape answers without them. */
  log?: (message: string, context: object) => void;
  /** Also the Node process's own metrics (CPU, memory, event loop); for a process of its own. @default false */
  processMetrics?: boolean;
}

/** What the webhook pipeline reports (api/webhook-pipeline.ts). */
export interface WebhookRejectionObserver {
  rejected(platform: string, why: WebhookRejection): void;
}

export class ApiMetrics implements WebhookRejectionObserver {
  readonly registry = new Registry();
  private readonly webhookRejected: Counter<'platform' | 'why'>;

  constructor(options: ApiMetricsOptions = {}) {
    const registers = [this.registry];
    this.webhookRejected = new Counter({
      name: METRIC.webhookRejected,
      help: 'Webhook deliveries refused, by platform and why: signature, stale, replayed, invalid.',
      labelNames: ['platform', 'why'],
      registers,
    });
    const { openSessions, log } = options;
    if (openSessions) {
      new Gauge({
        name: METRIC.openSessions,
        help: 'Handoffs open now (running workflows), by status.',
        labelNames: ['status'],
        registers,
        async collect() {
          this.reset();
          try {
            for (const [status, count] of await openSessions.counts()) this.set({ status }, count);
          } catch (error) {
            log?.('metrics: cannot count the open handoffs', { reason: (error as Error).message });
          }
        },
      });
    }
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  rejected(platform: string, why: WebhookRejection): void {
    this.webhookRejected.inc({ platform, why });
  }
}
