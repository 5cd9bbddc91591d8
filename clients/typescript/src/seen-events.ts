/**
 * Where a bot remembers the `eventId`s it took, to drop a redelivered callback: Handoff delivers at
 * least once, and a redelivery always carries the same `eventId` (never rely on `seq`).
 */

/** The identity of a delivered event. */
export interface EventKey {
  handoffId: string;
  eventId: string;
}

/**
 * A store of taken events. Keep it where every process of the bot sees it (a database with a
 * unique key, the bot's own state storage): one in memory forgets on restart and shows a
 * redelivery again.
 */
export interface SeenEventStore {
  /** True the first time the event comes (handle it); false for a duplicate (drop it, answer 2xx all the same). */
  firstTime(event: EventKey): Promise<boolean>;
  /** Forgets the event after handling it failed, so its redelivery is handled. */
  forget(event: EventKey): Promise<void>;
}

/** The newest `capacity` events in this process's memory, the least recently seen forgotten first. */
export class MemorySeenEvents implements SeenEventStore {
  private readonly keys = new Set<string>();

  /** @param capacity how many events to remember. @default 10000 */
  constructor(readonly capacity = 10_000) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number of at least 1, not ${capacity}`);
  }

  async firstTime(event: EventKey): Promise<boolean> {
    const key = keyOf(event);
    const seen = this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value!);
    return !seen;
  }

  async forget(event: EventKey): Promise<void> {
    this.keys.delete(keyOf(event));
  }
}

function keyOf({ handoffId, eventId }: EventKey): string {
  return JSON.stringify([handoffId, eventId]);
}
