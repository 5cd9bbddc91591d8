/**
 * A Map that forgets its oldest entries past `capacity`: caches a process keeps in memory (tokens,
 * signing keys, which handoff a platform chat belongs to). A miss only costs a call to the
 * platform, so losing an entry on eviction or restart is harmless.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    this.delete(key);
    super.set(key, value);
    while (this.size > this.capacity) this.delete(this.keys().next().value as K);
    return this;
  }
}
