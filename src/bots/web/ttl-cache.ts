/**
 * A small time-to-live cache of promises, for pages that list many duels (gallery, arena): loads
 * that arrive together share one computation, and for a short time later ones are served from
 * memory, so a crowd of page loads costs the database one read per page and TTL. Bounded: the
 * oldest key goes first; a rejected load is forgotten at once.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 256,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && at - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { at, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Forget everything (a duel changed in a way lists show). */
  clear(): void {
    this.entries.clear();
  }
}
