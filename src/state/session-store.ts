/** Per-conversation state with an expiry. In memory by default; a shared store (Redis) can implement the same. */
export interface SessionStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemorySessionStore<T> implements SessionStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now, private readonly maxEntries = 10_000) {}

  async get(key: string): Promise<T | undefined> {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return structuredClone(e.value);
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    // Oldest entries go first when full, so abandoned conversations cannot grow memory without bound.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { value: structuredClone(value), expiresAt: this.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
