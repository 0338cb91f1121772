import type { Chunk } from '../knowledge/types.js';
import { BM25_FIELDS, bm25Doc, splitTerms } from './bm25-fields.js';

const F = BM25_FIELDS.length;

/**
 * The postings of a BM25 index as flat typed arrays: per field, `starts[t]..starts[t+1]` index the ascending doc
 * ids (`docs`) and term frequencies (`tfs`) of term t. Field lengths count distinct terms and the average is
 * kept the way MiniSearch accumulates it (a running mean), so scores are bit-identical to MiniSearch's.
 */
export interface FlatBm25Data {
  docCount: number;
  terms: string[];
  avgFieldLength: number[];
  /** docCount × fields, row-major. */
  fieldLength: Uint32Array;
  fields: { starts: Uint32Array; docs: Uint32Array; tfs: Uint32Array }[];
}

/** A Uint32Array that grows by doubling: postings are collected before their count is known. */
class U32List {
  data = new Uint32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export function buildFlatBm25Data(chunks: Chunk[]): FlatBm25Data {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const avg = new Array<number>(F).fill(0);
  const fieldLength = new Uint32Array(chunks.length * F);
  const raw = BM25_FIELDS.map(() => ({ term: new U32List(), doc: new U32List(), tf: new U32List() }));
  const counts = new Map<number, number>();
  chunks.forEach((c, doc) => {
    const fields = bm25Doc(c);
    BM25_FIELDS.forEach((name, f) => {
      const tokens = splitTerms(fields[name]);
      const unique = new Set(tokens).size;
      fieldLength[doc * F + f] = unique;
      // MiniSearch's running mean (not sum / n): the same floating-point steps give the same average.
      avg[f] = ((avg[f] ?? 0) * doc + unique) / (doc + 1);
      counts.clear();
      for (const t of tokens) {
        let id = ids.get(t);
        if (id === undefined) {
          id = terms.length;
          ids.set(t, id);
          terms.push(t);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const r = raw[f]!;
      for (const [id, tf] of counts) {
        r.term.push(id);
        r.doc.push(doc);
        r.tf.push(tf);
      }
    });
  });
  // Counting sort by term: stable, so each term's docs stay ascending.
  const fields = raw.map((r) => {
    const starts = new Uint32Array(terms.length + 1);
    for (let p = 0; p < r.term.length; p++) starts[r.term.data[p]! + 1]!++;
    for (let t = 0; t < terms.length; t++) starts[t + 1]! += starts[t]!;
    const fill = starts.slice(0, terms.length);
    const docs = new Uint32Array(r.term.length);
    const tfs = new Uint32Array(r.term.length);
    for (let p = 0; p < r.term.length; p++) {
      const at = fill[r.term.data[p]!]!++;
      docs[at] = r.doc.data[p]!;
      tfs[at] = r.tf.data[p]!;
    }
    return { starts, docs, tfs };
  });
  return { docCount: chunks.length, terms, avgFieldLength: avg, fieldLength, fields };
}

interface Header { version: 1; docCount: number; terms: string[]; avgFieldLength: number[]; postings: number[] }

/** The artifact form: a JSON header (terms, averages) and one binary file of the arrays, in a fixed order. */
export function serializeFlatBm25(d: FlatBm25Data): { json: string; bin: Buffer } {
  const header: Header = { version: 1, docCount: d.docCount, terms: d.terms, avgFieldLength: d.avgFieldLength, postings: d.fields.map((f) => f.docs.length) };
  const parts = [d.fieldLength, ...d.fields.flatMap((f) => [f.starts, f.docs, f.tfs])];
  return { json: JSON.stringify(header), bin: Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))) };
}

export function deserializeFlatBm25(json: string, bin: Buffer): FlatBm25Data {
  const h = JSON.parse(json) as Header;
  if (h.version !== 1 || h.postings.length !== F) throw new Error('bm25 header has an unknown layout');
  // Typed-array views need 4-byte alignment; a pooled Buffer may not have it.
  const bytes = bin.byteOffset % 4 === 0 ? bin : Buffer.from(bin);
  let at = 0;
  const take = (n: number) => {
    if (bytes.byteOffset + (at + n) * 4 > bytes.byteOffset + bytes.byteLength) throw new Error('bm25.bin is shorter than its header says');
    const a = new Uint32Array(bytes.buffer, bytes.byteOffset + at * 4, n);
    at += n;
    return a;
  };
  const fieldLength = take(h.docCount * F);
  const fields = h.postings.map((p) => ({ starts: take(h.terms.length + 1), docs: take(p), tfs: take(p) }));
  if (at * 4 !== bytes.byteLength) throw new Error('bm25.bin is longer than its header says');
  return { docCount: h.docCount, terms: h.terms, avgFieldLength: h.avgFieldLength, fieldLength, fields };
}
