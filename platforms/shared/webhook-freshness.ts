/**
 * The freshness window of webhook deliveries. A platform that signs a timestamp per attempt (the
 * local desk, 8x8) dates the *delivery*, so its redelivery after our outage is dated anew and a
 * short window holds; a platform that only dates its events (SNS's `Timestamp`, Glia's
 * `dispatched_at`) redelivers with the first date, so its window must outlast its retry schedule.
 */
import type { WebhookDating } from '../webhook';
import { WebhookStaleError } from './webhook-refusals';

export interface WebhookFreshness {
  /** How old a delivery dated per attempt may be (`HANDOFF_WEBHOOK_MAX_AGE`). */
  deliveryMaxAgeMs: number;
  /** How old a delivery dated only by its event may be (`HANDOFF_WEBHOOK_EVENT_MAX_AGE`). */
  eventMaxAgeMs: number;
}

export const DEFAULT_WEBHOOK_FRESHNESS: WebhookFreshness = { deliveryMaxAgeMs: 5 * 60_000, eventMaxAgeMs: 60 * 60_000 };

/** Clocks differ: a date this far ahead of ours (at most) is still taken. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/** How old a delivery of this dating may be. */
export function maxAgeOf(dates: WebhookDating['dates'], freshness: WebhookFreshness): number {
  return dates === 'delivery' ? freshness.deliveryMaxAgeMs : freshness.eventMaxAgeMs;
}

/** Throws `WebhookStaleError` unless `sentAt` lies within the window around `now`. */
export function checkFreshness(sentAt: number | undefined, dates: WebhookDating['dates'], now: number, freshness: WebhookFreshness): void {
  if (sentAt === undefined || !Number.isFinite(sentAt)) throw new WebhookStaleError('the delivery carries no readable date');
  const maxAgeMs = maxAgeOf(dates, freshness);
  const what = dates === 'delivery' ? 'delivery' : 'event';
  if (now - sentAt > maxAgeMs) {
    throw new WebhookStaleError(`the ${what} is dated ${new Date(sentAt).toISOString()}, older than ${Math.round(maxAgeMs / 1_000)} s`);
  }
  if (sentAt - now > Math.min(maxAgeMs, MAX_FUTURE_SKEW_MS)) {
    throw new WebhookStaleError(`the ${what} is dated ${new Date(sentAt).toISOString()}, in the future`);
  }
}
