/**
 * A memo by key that keeps the last `max` results it computed (the oldest goes first when full; a hit costs one
 * Map look-up). For pure functions whose results callers only read: one ask computes the same thing for the same
 * text several times (the question's embedding, its jurisdictions), and the knowledge's sentences recur across asks.
 */
export function recentMemo<K, V>(fn: (key: K) => V, max: number): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = fn(key);
      // A Map iterates in insertion order: its first key is the oldest.
      if (cache.size >= max) cache.delete(cache.keys().next().value as K);
      cache.set(key, v);
    }
    return v as V;
  };
}
