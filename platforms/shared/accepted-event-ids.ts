/**
 * The event ids a platform's webhook has had accepted, so a replayed delivery is refused at the
 * edge. Each id is kept at least as long as a delivery carrying it could still pass the freshness
 * window (forever, up to the capacity, for a platform that dates nothing); the workflow drops a
 * repeated event id on its own all the same, so an id forgotten early (capacity, restart, another
 * API process) costs nothing but the edge's early refusal.
 */
import { BoundedMap } from '../../lib/bounded-map';

const CAPACITY = 100_000;

export class AcceptedEventIds {
  /** id → until when it is remembered (ms). */
  private readonly ids: BoundedMap<string, number>;

  constructor(
    private readonly keepMs: number,
    capacity = CAPACITY,
  ) {
    this.ids = new BoundedMap(capacity);
  }

  /** Whether every one of `ids` was accepted (an empty list never was). */
  allAccepted(ids: readonly string[], now: number): boolean {
    return ids.length > 0 && ids.every((id) => (this.ids.get(id) ?? -Infinity) >= now);
  }

  remember(ids: readonly string[], now: number): void {
    for (const id of ids) this.ids.set(id, now + this.keepMs);
  }
}
