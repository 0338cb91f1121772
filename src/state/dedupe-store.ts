/** Remembers event ids already handled, so a retried or duplicated delivery is answered once. */
export interface DedupeStore {
  /** True the first time a key is seen within the TTL, false afterwards. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

export class MemoryDedupeStore implements DedupeStore {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now, private readonly maxEntries = 50_000) {}

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const t = this.now();
    const until = this.seen.get(key);
    if (until !== undefined && until > t) return false;
    this.seen.delete(key);
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    this.seen.set(key, t + ttlMs);
    return true;
  }
}
