/**
 * A size-bounded memo for facts that never change once known (which handoff a platform chat
 * belongs to, a signing key by id): a miss only costs a call to the platform, so losing an entry
 * on eviction or restart is harmless and the API stays stateless.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max = 10_000) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
