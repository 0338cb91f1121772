import type { Bitset } from './bitset.js';
import { scanKernel, type Kernels } from './scan-kernel.js';
import type { RankedHit } from './types.js';

const f32 = Math.fround;

/**
 * Whether hnswlib's inner product is its SSE kernel here (x64 builds: four float lanes, summed lane 0 to 3) or a plain
 * float loop (other CPUs). Either way each step is one float operation, reproduced with fround (a double result of
 * float operands rounds to the same float).
 */
const SSE = process.arch === 'x64' || process.arch === 'ia32';

/** Filters accepting more rows than this read the int8 bounds first (below, one exact pass is as cheap). */
const BOUNDS_MIN_ROWS = 4096;
/** Margin on the dot bounds for the float rounding of the exact pass (its error is ~1e-5 at most at 100 dims). */
const BOUND_SLACK = 1e-4;

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
  private readonly kernel?: {
    fns: Kernels; q: Float32Array; qAt: number; rowsAt: number; outAt: number;
    /** Per row: int8 codes (rowBytes8 apart) and their scale, for the bounds pass. */
    codes: Int8Array; codesAt: number; rowBytes8: number; scales: Float64Array;
    q16: Int16Array; q16At: number; outInt: Int32Array;
  };
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
    const rowBytes8 = Math.ceil(dims / 16) * 16;
    const qAt = bytes;
    const rowsAt = qAt + dims * 4;
    const outAt = rowsAt + size * 4;
    const codesAt = outAt + size * 4;
    const q16At = codesAt + size * rowBytes8;
    const total = q16At + rowBytes8 * 2;
    const memory = this.split === dims ? new WebAssembly.Memory({ initial: Math.ceil(total / 65_536) }) : undefined;
    const fns = memory && scanKernel(memory);
    if (memory && fns) {
      const buf = memory.buffer;
      this.matrix = new Float32Array(buf, 0, size * dims);
      this.rows = new Int32Array(buf, rowsAt, size);
      this.out = new Float32Array(buf, outAt, size);
      this.kernel = {
        fns, q: new Float32Array(buf, qAt, dims), qAt, rowsAt, outAt,
        codes: new Int8Array(buf, codesAt, size * rowBytes8), codesAt, rowBytes8, scales: new Float64Array(size),
        q16: new Int16Array(buf, q16At, rowBytes8), q16At, outInt: new Int32Array(buf, outAt, size),
      };
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
    const k = this.kernel;
    if (!k) return;
    // int8 codes of the stored floats, each within scale / 2 of its float.
    const row = this.matrix.subarray(position * this.dims, (position + 1) * this.dims);
    let max = 0;
    for (let d = 0; d < this.dims; d++) max = Math.max(max, Math.abs(row[d]!));
    const scale = max / 127;
    k.scales[position] = scale;
    const at = position * k.rowBytes8;
    for (let d = 0; d < this.dims; d++) {
      k.codes[at + d] = scale ? Math.max(-127, Math.min(127, Math.round(row[d]! / scale))) : 0;
    }
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
      if (count > BOUNDS_MIN_ROWS && k < count) count = this.candidates(q, count, k);
      kernel.q.set(q);
      kernel.fns.scan(kernel.rowsAt, count, 0, this.dims * 4, kernel.qAt, this.dims / 4, kernel.outAt);
    } else {
      for (let c = 0; c < count; c++) out[c] = this.distance(rows[c]!, q);
    }
    return this.best(count, Math.min(k, count));
  }

  /**
   * Narrows rows[0..count) to the rows that can be among the k nearest, in place; returns how many. An integer dot
   * of int8 row codes with int16 query codes (a quarter of the float rows' bytes: the full scan is memory-bound)
   * bounds each row's float dot; a row whose upper bound is below the k-th best lower bound cannot be among the k
   * nearest (BOUND_SLACK covers the float rounding of the exact distances), so the exact pass reads the rest only.
   */
  private candidates(q: Float32Array, count: number, k: number): number {
    const K = this.kernel!;
    const dims = this.dims;
    let qmax = 0;
    let l1 = 0;
    for (let d = 0; d < dims; d++) {
      qmax = Math.max(qmax, Math.abs(q[d]!));
      l1 += Math.abs(q[d]!);
    }
    // Codes small enough that a row's integer dot cannot overflow 32 bits.
    const top = Math.min(32_767, Math.floor(2 ** 31 / (128 * K.rowBytes8)));
    const qs = qmax / top;
    K.q16.fill(0);
    for (let d = 0; d < dims; d++) K.q16[d] = qs ? Math.round(q[d]! / qs) : 0;
    K.fns.bounds(K.rowsAt, count, K.codesAt, K.rowBytes8, K.q16At, K.rowBytes8 / 16, K.outAt);
    // |dot − scale · qs · code dot| ≤ scale · (‖q‖₁ / 2 + qs · 127 · dims / 2).
    const err = l1 / 2 + (qs * 127 * dims) / 2;
    const { rows } = this;
    const ints = K.outInt;
    const scales = K.scales;
    // The k-th largest lower bound, by a sorted list of the k best.
    const low = this.bestDist.length >= k ? this.bestDist : (this.bestDist = new Float64Array(k));
    let size = 0;
    for (let c = 0; c < count; c++) {
      const sc = scales[rows[c]!]!;
      const lb = sc * (qs * ints[c]! - err);
      if (size === k && lb <= low[k - 1]!) continue;
      let j = size < k ? size++ : k - 1;
      while (j > 0 && low[j - 1]! < lb) {
        low[j] = low[j - 1]!;
        j--;
      }
      low[j] = lb;
    }
    const floor = low[k - 1]! - BOUND_SLACK;
    let m = 0;
    for (let c = 0; c < count; c++) {
      const r = rows[c]!;
      const sc = scales[r]!;
      if (sc * (qs * ints[c]! + err) >= floor) rows[m++] = r;
    }
    return m;
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
export function vectorsFromHnswFile(
  file: Buffer, count: number, dims: number,
): { vectors: Float32Array; labels: Float64Array } | undefined {
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
