/**
 * The k best of `count` candidate docs by score (descending), ties by `order` (ascending): a bounded heap, so
 * selecting from 100k matches costs O(n log k) and allocates nothing per candidate. Returns positions best first.
 */
export function topK(docs: Uint32Array, count: number, score: Float64Array, order: Uint32Array, k: number): number[] {
  if (k <= 0 || count === 0) return [];
  const heap = new Uint32Array(Math.min(k, count));
  let size = 0;
  // `worse(a, b)`: a ranks below b. The heap keeps its worst entry at the root.
  const worse = (a: number, b: number) => score[a]! < score[b]! || (score[a] === score[b] && order[a]! > order[b]!);
  const down = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < size && worse(heap[l]!, heap[w]!)) w = l;
      if (r < size && worse(heap[r]!, heap[w]!)) w = r;
      if (w === i) return;
      const t = heap[i]!;
      heap[i] = heap[w]!;
      heap[w] = t;
      i = w;
    }
  };
  for (let c = 0; c < count; c++) {
    const d = docs[c]!;
    if (size < heap.length) {
      let i = size++;
      heap[i] = d;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        const t = heap[i]!;
        heap[i] = heap[p]!;
        heap[p] = t;
        i = p;
      }
    } else {
      // Most candidates lose to the current k-th: one comparison, inline.
      const root = heap[0]!;
      const sd = score[d]!;
      const sr = score[root]!;
      if (sd > sr || (sd === sr && order[d]! < order[root]!)) {
        heap[0] = d;
        down(0);
      }
    }
  }
  return Array.from(heap.subarray(0, size)).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
