import type { Chunk } from '../knowledge/types.js';
import { Bitset } from './bitset.js';
import { DEFAULT_BM25_WEIGHTS, type Accept, type Bm25Index, type Bm25Weights } from './bm25-index.js';
import { BM25_FIELDS, queryTerms } from './bm25-fields.js';
import { buildFlatBm25Data, deserializeFlatBm25, serializeFlatBm25, type FlatBm25Data } from './flat-bm25-data.js';
import { topK } from './top-k.js';
import type { RankedHit } from './types.js';

const F = BM25_FIELDS.length;
// MiniSearch's defaults: scores match it bit for bit.
const K1 = 1.2;
const B = 0.7;
const D = 0.5;

/** Per-query working arrays, one slot per doc, reused (queries are synchronous); stamps avoid clearing them. */
class Scratch {
  readonly termMark: Uint32Array;
  readonly termScore: Float64Array;
  readonly touched: Uint32Array;
  readonly docMark: Uint32Array;
  readonly acc: Float64Array;
  readonly quality: Uint32Array;
  readonly order: Uint32Array;
  readonly matched: Uint32Array;
  termStamp = 0;
  docStamp = 0;

  constructor(n: number) {
    this.termMark = new Uint32Array(n);
    this.termScore = new Float64Array(n);
    this.touched = new Uint32Array(n);
    this.docMark = new Uint32Array(n);
    this.acc = new Float64Array(n);
    this.quality = new Uint32Array(n);
    this.order = new Uint32Array(n);
    this.matched = new Uint32Array(n);
  }

  nextTerm(): number {
    if (this.termStamp === 0xffffffff) (this.termStamp = 0), this.termMark.fill(0);
    return ++this.termStamp;
  }

  nextQuery(): number {
    if (this.docStamp === 0xffffffff) (this.docStamp = 0), this.docMark.fill(0);
    return ++this.docStamp;
  }
}

/** Everything a query reads, shared by the copies `withWeights` makes. */
class Core {
  readonly ids: Map<string, number>;
  /** k1 · (1 − b + b · length / average) per doc and field, as MiniSearch computes it per posting. */
  readonly norm: Float64Array;
  private scratch?: Scratch;

  constructor(readonly data: FlatBm25Data) {
    this.ids = new Map(data.terms.map((t, i) => [t, i]));
    this.norm = new Float64Array(data.docCount * F);
    for (let doc = 0; doc < data.docCount; doc++) {
      for (let f = 0; f < F; f++) {
        const avg = data.avgFieldLength[f]!;
        this.norm[doc * F + f] = K1 * (1 - B + B * data.fieldLength[doc * F + f]! / avg);
      }
    }
  }

  work(): Scratch {
    return (this.scratch ??= new Scratch(this.data.docCount));
  }
}

/**
 * BM25 over flat typed arrays (term dictionary → postings of doc ids and term frequencies) with MiniSearch's exact
 * scoring: same fields, boosts, BM25+ parameters, summation order and tie order (first match first), so it returns
 * what MiniSearchBm25Index returns, without an object per posting. Filters are bitsets checked per posting; the
 * top k come from a bounded heap instead of sorting every match.
 */
export class FlatBm25Index implements Bm25Index {
  private constructor(private readonly core: Core, private readonly weights: Bm25Weights) {}

  static build(chunks: Chunk[], weights: Bm25Weights = DEFAULT_BM25_WEIGHTS): FlatBm25Index {
    return new FlatBm25Index(new Core(buildFlatBm25Data(chunks)), weights);
  }

  static load(json: string, bin: Buffer, weights: Bm25Weights = DEFAULT_BM25_WEIGHTS): FlatBm25Index {
    return new FlatBm25Index(new Core(deserializeFlatBm25(json, bin)), weights);
  }

  serialize(): { json: string; bin: Buffer } {
    return serializeFlatBm25(this.core.data);
  }

  withWeights(weights: Bm25Weights): FlatBm25Index {
    return new FlatBm25Index(this.core, weights);
  }

  documentCount(): number {
    return this.core.data.docCount;
  }

  query(text: string, language: string, k: number, accept?: Accept, expansion: string[] = []): RankedHit[] {
    const { terms, boost } = queryTerms(text, language, expansion, this.weights.expansionWeight);
    if (!terms.length) return [];
    const { data, ids, norm } = this.core;
    const s = this.core.work();
    const bits = accept instanceof Bitset ? accept.words : undefined;
    // MiniSearch replaces a zero boost by 1.
    const fieldBoost = BM25_FIELDS.map((f) => this.weights.boost[f] || 1);
    const n = data.docCount;
    const qStamp = s.nextQuery();
    const { termMark, termScore, docMark, acc, quality, order } = s;
    const touchedArr = s.touched;
    const matchedArr = s.matched;
    let matched = 0;
    let seq = 0;
    const seen = new Set<string>();
    for (const term of terms) {
      const id = ids.get(term);
      if (id === undefined) continue;
      // A repeated term adds its score again but counts once among the matched terms, as in MiniSearch.
      const repeated = seen.has(term);
      seen.add(term);
      const tb = boost(term);
      let last = -1;
      for (let f = 0; f < F; f++) if (data.fields[f]!.starts[id] !== data.fields[f]!.starts[id + 1]) last = f;
      const tStamp = s.nextTerm();
      let touched = 0;
      for (let f = 0; f <= last; f++) {
        const { starts, docs, tfs } = data.fields[f]!;
        const from = starts[id]!;
        const to = starts[id + 1]!;
        if (from === to) continue;
        const df = to - from;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const w = tb * fieldBoost[f]!;
        const final = f === last;
        for (let p = from; p < to; p++) {
          const doc = docs[p]!;
          if (bits && (bits[doc >>> 5]! & (1 << (doc & 31))) === 0) continue;
          const tf = tfs[p]!;
          const ws = w * (idf * (D + tf * (K1 + 1) / (tf + norm[doc * F + f]!)));
          const open = termMark[doc] === tStamp;
          if (!open && docMark[doc] !== qStamp) {
            // New to the query: the next place in the tie order (MiniSearch's insertion order: per term, head
            // matches, then body, then questions).
            docMark[doc] = qStamp;
            quality[doc] = 0;
            order[doc] = seq++;
            matchedArr[matched++] = doc;
          }
          if (!final) {
            if (open) termScore[doc]! += ws;
            else {
              termMark[doc] = tStamp;
              termScore[doc] = ws;
              touchedArr[touched++] = doc;
            }
            continue;
          }
          // The term's last field: its sum is complete, so it goes to the doc's total (field sums first, then
          // across terms, as MiniSearch adds them).
          let c = ws;
          if (open) {
            c = termScore[doc]! + ws;
            termMark[doc] = 0;
          }
          const q = quality[doc]!;
          if (q === 0) {
            acc[doc] = c;
            quality[doc] = 1;
          } else {
            acc[doc]! += c;
            if (!repeated) quality[doc] = q + 1;
          }
        }
      }
      // Docs this term matched in earlier fields only.
      for (let i = 0; i < touched; i++) {
        const doc = touchedArr[i]!;
        if (termMark[doc] !== tStamp) continue;
        const q = quality[doc]!;
        if (q === 0) {
          acc[doc] = termScore[doc]!;
          quality[doc] = 1;
        } else {
          acc[doc]! += termScore[doc]!;
          if (!repeated) quality[doc] = q + 1;
        }
      }
    }
    const pred = typeof accept === 'function' ? accept : undefined;
    let kept = 0;
    for (let i = 0; i < matched; i++) {
      const doc = matchedArr[i]!;
      if (pred && !pred(doc)) continue;
      acc[doc] = acc[doc]! * quality[doc]!;
      matchedArr[kept++] = doc;
    }
    return topK(s.matched, kept, s.acc, s.order, k).map((index) => ({ index, score: s.acc[index]! }));
  }
}
