import type { Bitset } from './bitset.js';
import { scanKernel, type ScanFn } from './scan-kernel.js';
import type { RankedHit } from './types.js';

const f32 = Math.fround;

/**
 * Whether hnswlib's inner product is its SSE kernel here (x64 builds: four float lanes, summed lane 0 to 3) or a plain
 * float loop (other CPUs). Either way each step is one float operation, reproduced with fround (a double result of
 * float operands rounds to the same float).
 */
const SSE = process.arch === 'x64' || process.arch === 'ia32';

/**
 * The unit vectors an HNSW index holds (float32, as hnswlib stored them), by chunk position, scanned exactly for a
 * filtered query: with a filter that leaves out the query's neighbourhood, HNSW's filtered search walks much of the
 * graph calling the filter per node (p95 of the retrieval step at 50k chunks), while a scan of the accepted rows costs
 * rows x dims. Distances are hnswlib's own, bit for bit (same float operations in the same order), and ties go to the
 * lower label as in its results, so a scan returns what an exhaustive HNSW search would.
 */
export class ExactVectors {
  /** Row i (chunk position i), `dims` floats each; in the kernel's memory when there is one. */
  readonly matrix: Float32Array;
  /** `labels[i]`: the HNSW label of the chunk at position i (ties are ordered by it; -1 until set). */
  readonly labels: Int32Array;
  /**
   * Dimensions summed in four lanes, the rest one by one after them, as hnswlib picks its kernel for `dims` (SIMD4
   * or SIMD16 when divisible, else the "residuals" kernels; without SSE a plain loop).
   */
  private readonly split: number;
  private readonly kernel?: { scan: ScanFn; q: Float32Array; qAt: number; rows: Int32Array; rowsAt: number; out: Float32Array; outAt: number };
  /** Result buffers, reused (queries are synchronous). */
  private bestDist = new Float64Array(0);
  private bestPos = new Int32Array(0);
  private rows: Int32Array;
  private out: Float32Array;

  constructor(readonly size: number, readonly dims: number) {
    if (!SSE) this.split = 0;
    else if (dims % 4 === 0) this.split = dims;
    else if (dims > 16) this.split = (dims >> 4) << 4;
    else this.split = dims > 4 ? (dims >> 2) << 2 : 0;
    this.labels = new Int32Array(size).fill(-1);
    // The kernel reproduces the four-lane sum over every dimension, so only that case uses it.
    const bytes = size * dims * 4;
    const memory = this.split === dims ? new WebAssembly.Memory({ initial: Math.ceil((bytes + dims * 4 + size * 8 + 64) / 65_536) }) : undefined;
    const scan = memory && scanKernel(memory);
    if (memory && scan) {
      const qAt = bytes;
      const rowsAt = qAt + dims * 4;
      const outAt = rowsAt + size * 4;
      this.matrix = new Float32Array(memory.buffer, 0, size * dims);
      this.rows = new Int32Array(memory.buffer, rowsAt, size);
      this.out = new Float32Array(memory.buffer, outAt, size);
      this.kernel = { scan, q: new Float32Array(memory.buffer, qAt, dims), qAt, rows: this.rows, rowsAt, out: this.out, outAt };
    } else {
      this.matrix = new Float32Array(size * dims);
      this.rows = new Int32Array(size);
      this.out = new Float32Array(size);
    }
  }

  /** Whether every position has its label (a row was set for each). */
  complete(): boolean {
    return !this.labels.includes(-1);
  }

  setRow(position: number, vector: ArrayLike<number>, label: number): void {
    this.matrix.set(vector, position * this.dims);
    this.labels[position] = label;
  }

  /** The query as hnswlib-node normalises it: cast to float, divided by its float norm. */
  static normalise(vector: ArrayLike<number>): Float32Array {
    const v = Float32Array.from(vector);
    let s = 0;
    for (let d = 0; d < v.length; d++) s = f32(s + f32(v[d]! * v[d]!));
    const norm = f32(Math.sqrt(Math.abs(s)));
    if (norm > 0) for (let d = 0; d < v.length; d++) v[d] = f32(v[d]! / norm);
    return v;
  }

  /** hnswlib's inner-product distance (1 − dot) of row `row` and `q`, in float32. */
  distance(row: number, q: Float32Array): number {
    const m = this.matrix;
    const dims = this.dims;
    const o = row * dims;
    const split = this.split;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let d = 0; d < split; d += 4) {
      a0 = f32(a0 + f32(m[o + d]! * q[d]!));
      a1 = f32(a1 + f32(m[o + d + 1]! * q[d + 1]!));
      a2 = f32(a2 + f32(m[o + d + 2]! * q[d + 2]!));
      a3 = f32(a3 + f32(m[o + d + 3]! * q[d + 3]!));
    }
    if (split === dims) return f32(1 - f32(f32(f32(a0 + a1) + a2) + a3));
    let tail = 0;
    for (let d = split; d < dims; d++) tail = f32(tail + f32(m[o + d]! * q[d]!));
    return split ? f32(1 - f32(f32(f32(f32(a0 + a1) + a2) + a3) + tail)) : f32(1 - tail);
  }

  /**
   * The k accepted rows nearest to `q` (a normalised query), nearest first, ties by label; score = 1 − distance.
   * `js` forces the JavaScript distances (tests compare them with the kernel's).
   */
  nearest(q: Float32Array, k: number, accept: Bitset, js = false): RankedHit[] {
    if (k <= 0) return [];
    // The accepted positions, in order.
    const rows = this.rows;
    const words = accept.words;
    const n = Math.min(this.size, accept.size);
    let count = 0;
    for (let w = 0; w < words.length; w++) {
      let bits = words[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const i = (w << 5) + (31 - Math.clz32(low));
        bits ^= low;
        if (i < n) rows[count++] = i;
      }
    }
    const out = this.out;
    const kernel = js ? undefined : this.kernel;
    if (kernel) {
      kernel.q.set(q);
      kernel.scan(kernel.rowsAt, count, 0, this.dims * 4, kernel.qAt, this.dims / 4, kernel.outAt);
    } else {
      for (let c = 0; c < count; c++) out[c] = this.distance(rows[c]!, q);
    }
    return this.best(count, Math.min(k, count));
  }

  /** The k smallest of out[0..count) (rows[c] its position), ties by label. */
  private best(count: number, k: number): RankedHit[] {
    if (this.bestDist.length < k) {
      this.bestDist = new Float64Array(k);
      this.bestPos = new Int32Array(k);
    }
    const dist = this.bestDist;
    const pos = this.bestPos;
    const { labels, rows, out } = this;
    let size = 0;
    for (let c = 0; c < count; c++) {
      const d = out[c]!;
      const i = rows[c]!;
      // A sorted list of the best k so far: most rows lose to the current k-th with one comparison.
      if (size === k && (d > dist[k - 1]! || (d === dist[k - 1]! && labels[i]! > labels[pos[k - 1]!]!))) continue;
      let j = size < k ? size++ : k - 1;
      while (j > 0 && (dist[j - 1]! > d || (dist[j - 1] === d && labels[pos[j - 1]!]! > labels[i]!))) {
        dist[j] = dist[j - 1]!;
        pos[j] = pos[j - 1]!;
        j--;
      }
      dist[j] = d;
      pos[j] = i;
    }
    const hits: RankedHit[] = new Array(size);
    for (let j = 0; j < size; j++) hits[j] = { index: pos[j]!, score: 1 - dist[j]! };
    return hits;
  }
}

/** Bytes of hnswlib's saved-index header (format of hnswlib 0.7–0.8's saveIndex) before the level-0 block. */
const HEADER_BYTES = 96;

/**
 * The stored vectors of a saved hnswlib index file (its level-0 block: per element, links, vector, label), by label;
 * undefined when the file does not look like that format for `count` elements of `dims` floats.
 */
export function vectorsFromHnswFile(file: Buffer, count: number, dims: number): { vectors: Float32Array; labels: Float64Array } | undefined {
  if (file.length < HEADER_BYTES) return undefined;
  const u64 = (at: number) => Number(file.readBigUInt64LE(at));
  const elements = u64(16);
  const perElement = u64(24);
  const labelOffset = u64(32);
  const dataOffset = u64(40);
  if (elements !== count || dataOffset + dims * 4 > perElement || labelOffset + 8 > perElement) return undefined;
  if (file.length < HEADER_BYTES + elements * perElement) return undefined;
  const vectors = new Float32Array(elements * dims);
  const labels = new Float64Array(elements);
  for (let e = 0; e < elements; e++) {
    const base = HEADER_BYTES + e * perElement;
    for (let d = 0; d < dims; d++) vectors[e * dims + d] = file.readFloatLE(base + dataOffset + d * 4);
    labels[e] = Number(file.readBigUInt64LE(base + labelOffset));
  }
  return { vectors, labels };
}
