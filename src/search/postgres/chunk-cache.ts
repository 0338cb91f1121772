import type { Chunk } from '../../knowledge/types.js';

/**
 * The chunks of recent hits by database id, at most `capacity` of them (least recently used dropped first). A row's
 * chunk never changes (an update inserts new rows with new ids), so a cached one is never stale; hits of the same
 * passage share one object, which keeps the answer steps' per-chunk caches warm.
 */
export class ChunkCache {
  private readonly map = new Map<string, Chunk>();

  constructor(private readonly capacity: number) {}

  /** The cached chunk of `id`, or the one parsed from its row (`doc`, the chunk as built). */
  get(id: string, doc: string): Chunk {
    const hit = this.map.get(id);
    if (hit) {
      this.map.delete(id);
      this.map.set(id, hit);
      return hit;
    }
    const chunk = JSON.parse(doc) as Chunk;
    this.map.set(id, chunk);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return chunk;
  }

  get size(): number {
    return this.map.size;
  }
}
