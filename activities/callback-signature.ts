import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-handoff-signature';

/** `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed by HANDOFF_CALLBACK_SECRET. */
export function signCallback(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

/** What a bot runs on each callback: the signature matches and is no older than `toleranceSeconds`. */
export function verifyCallback(secret: string, body: string, header: string | undefined, toleranceSeconds = 300, nowSeconds = Date.now() / 1000): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signCallback(secret, body, t).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The `eventId`s a bot has taken, so it can drop a redelivered event: Handoff delivers at least
 * once, and a retried callback, a retried workflow task, continue-as-new or an operator's reset may
 * send an event again, always with the same `eventId` (its `seq` may differ). Remembers the newest
 * `capacity` ids, forgetting the least recently seen first; a bot with several processes keeps its
 * ids where all of them see them (a unique key in its database) instead.
 */
export class SeenEvents {
  private readonly ids = new Set<string>();

  constructor(readonly capacity = 10_000) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number of at least 1, not ${capacity}`);
  }

  /** True the first time `eventId` comes (handle the event); false for a duplicate (drop it, and still answer 2xx). */
  firstTime(eventId: string): boolean {
    const seen = this.ids.delete(eventId);
    this.ids.add(eventId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return !seen;
  }

  /** Forgets `eventId`, when handling it failed: answer 5xx and the redelivery is handled again. */
  forget(eventId: string): void {
    this.ids.delete(eventId);
  }

  get size(): number {
    return this.ids.size;
  }
}
