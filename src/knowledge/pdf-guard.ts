import { LimitExceeded } from './ingest-limits.js';
import { DECODERS, IMAGE_CODECS, OverCap, Undecodable } from './pdf-filters.js';
import { isRegular, isSpace, objectHeaders, PdfName, PdfReader, PdfRef, PdfSyntaxError, type PdfDict, type PdfValue } from './pdf-syntax.js';

/** How far before a stream its object's header may be: a longer dictionary is refused. */
const HEADER_WINDOW = 64 * 1024;

/**
 * Refuses a PDF whose streams decode past `maxBytes` in total, before pdf.js decodes anything: a 500 KB file can
 * inflate to hundreds of megabytes. Every stream is decoded through its whole filter chain (Flate, LZW,
 * ASCIIHex, ASCII85, RunLength, Brotli) as pdf.js would, each step capped at the budget left. Refused outright,
 * because their size cannot be known without guessing: encrypted files, unknown filters, filters or parameters
 * given by reference, a predictor before another filter, image codecs outside image streams, malformed Flate or
 * Brotli data, and stream dictionaries that cannot be read. Every `stream` keyword is checked, also inside other
 * streams' bytes, since a cross-reference table may point anywhere. Returns the decoded total.
 */
export function checkPdfInflation(data: Buffer, maxBytes: number): number {
  try {
    return new PdfStreams(data).decodedTotal(maxBytes);
  } catch (err) {
    if (err instanceof OverCap) {
      throw new LimitExceeded('PDF decoded size (bytes) at least', maxBytes + 1, maxBytes, 'MAX_PDF_INFLATED_BYTES');
    }
    if (err instanceof Undecodable || err instanceof PdfSyntaxError) throw new Error(`PDF streams cannot be checked: ${err.message}`);
    throw err;
  }
}

class PdfStreams {
  private readonly src: string;
  private readonly headers: ReturnType<typeof objectHeaders>;
  /** Parse steps for the whole file: crafted syntax cannot make the check itself slow. */
  private readonly budget: { steps: number };

  constructor(private readonly data: Buffer) {
    this.src = data.toString('latin1');
    this.headers = objectHeaders(this.src);
    this.budget = { steps: 4 * this.src.length + 100_000 };
  }

  decodedTotal(maxBytes: number): number {
    if (this.keywordAt('/Encrypt', 0) >= 0) {
      throw new Undecodable('the file is encrypted (save it unencrypted, e.g. qpdf --decrypt in.pdf out.pdf)');
    }
    let total = 0;
    for (let at = this.keywordAt('stream', 0); at >= 0; at = this.keywordAt('stream', at + 6)) {
      const dicts = this.dictionariesBefore(at);
      if (!dicts) continue;
      const start = this.lineAfter(at + 6);
      let most = 0;
      for (const dict of dicts) most = Math.max(most, this.decodedSize(dict, start, maxBytes - total));
      total += most;
      if (total > maxBytes) throw new OverCap();
    }
    return total;
  }

  /** Where `word` next stands as a whole token (not inside a longer name or keyword such as `endstream`). */
  private keywordAt(word: string, from: number): number {
    for (let at = this.src.indexOf(word, from); at >= 0; at = this.src.indexOf(word, at + 1)) {
      const before = word.startsWith('/') || at === 0 || !isRegular(this.src.charCodeAt(at - 1));
      if (before && !isRegular(this.src.charCodeAt(at + word.length))) return at;
    }
    return -1;
  }

  /**
   * The stream dictionaries that end right before the `stream` at `at`: read from each object header in the window
   * before it, as pdf.js reads an object (a decoy header inside a string gives one more reading, never fewer).
   * Undefined when no `>>` precedes it (no stream); throws when one does but no header's dictionary ends there.
   */
  private dictionariesBefore(at: number): PdfDict[] | undefined {
    if (!this.endsDictionary(at)) return undefined;
    const found: PdfDict[] = [];
    const headers = this.headers.at;
    let hi = headers.length;
    for (let lo = 0; lo < hi;) {
      const mid = (lo + hi) >> 1;
      if (headers[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    for (let i = hi - 1; i >= 0 && at - headers[i]! <= HEADER_WINDOW; i--) {
      const reader = new PdfReader(this.src, headers[i]!, this.budget);
      let value: PdfValue;
      try {
        value = reader.value();
      } catch (err) {
        if (this.budget.steps < 0) throw err;
        continue;
      }
      reader.skipBlank();
      if (value instanceof Map && reader.pos === at) found.push(value);
    }
    if (!found.length) throw new PdfSyntaxError(`the dictionary of the stream at byte ${at} cannot be read`);
    return found;
  }

  /** Whether only white space and comments stand between a `>>` and `at`. */
  private endsDictionary(at: number): boolean {
    const s = this.src;
    const blank = (k: number, stop: number) => {
      while (k >= stop && isSpace(s.charCodeAt(k))) k--;
      return k;
    };
    let j = blank(at - 1, 0);
    for (let lines = 0; lines < 64; lines++) {
      if (j >= 1 && s[j] === '>' && s[j - 1] === '>') return true;
      // Otherwise the line must end in a comment with a `>>` (or nothing) before some % of it.
      const lineStart = Math.max(s.lastIndexOf('\n', j), s.lastIndexOf('\r', j)) + 1;
      this.budget.steps -= j - lineStart;
      if (this.budget.steps < 0) throw new PdfSyntaxError('too much syntax to check');
      let blankLine = false;
      for (let p = s.indexOf('%', lineStart); p >= 0 && p <= j && !blankLine; p = s.indexOf('%', p + 1)) {
        const k = blank(p - 1, lineStart);
        if (k >= lineStart + 1 && s[k] === '>' && s[k - 1] === '>') return true;
        blankLine = k < lineStart;
      }
      if (!blankLine) return false;
      j = blank(lineStart - 1, 0);
    }
    return false;
  }

  /** pdf.js starts a stream's data after the end of the line its `stream` keyword is on. */
  private lineAfter(pos: number): number {
    const s = this.src;
    while (pos < s.length && s[pos] !== '\n' && s[pos] !== '\r') pos++;
    if (s[pos] === '\r') pos++;
    if (s[pos] === '\n' && s[pos - 1] !== '\n') pos++;
    return pos;
  }

  private decodedSize(dict: PdfDict, start: number, cap: number): number {
    let bytes = this.data.subarray(start, this.streamEnd(dict, start));
    const filter = dict.get('F') ?? dict.get('Filter');
    const parms = dict.get('DP') ?? dict.get('DecodeParms');
    if (filter instanceof PdfRef) throw new Undecodable('a stream names its filters by reference');
    const names = filter instanceof PdfName ? [filter] : Array.isArray(filter) ? filter : [];
    if (parms instanceof PdfRef || (Array.isArray(parms) && parms.some((p) => p instanceof PdfRef))) {
      throw new Undecodable('a stream gives its decode parameters by reference');
    }
    for (const [i, name] of names.entries()) {
      if (!(name instanceof PdfName)) throw new Undecodable('a stream names a filter by reference or not by name');
      // As pdf.js: one filter takes the parameters as they are, a chain takes them from an array.
      const own = filter instanceof PdfName ? parms : Array.isArray(parms) ? parms[i] : undefined;
      const last = i === names.length - 1;
      // Without encryption (refused above) pdf.js passes a Crypt filter's bytes through.
      if (name.name === 'Crypt') continue;
      if (IMAGE_CODECS.has(name.name)) {
        const subtype = dict.get('Subtype');
        if (!last || !(subtype instanceof PdfName) || subtype.name !== 'Image') {
          throw new Undecodable(`/${name.name} is only accepted as the last filter of an image`);
        }
        break;
      }
      const decode = DECODERS[name.name];
      if (!decode) throw new Undecodable(`unknown stream filter /${name.name}`);
      const predictor = own instanceof Map ? own.get('Predictor') : undefined;
      if (!last && typeof predictor === 'number' && predictor > 1) throw new Undecodable('a predictor before another filter');
      bytes = decode(bytes, cap, own instanceof Map ? own : undefined);
    }
    return bytes.length;
  }

  /**
   * Where the stream's data ends as pdf.js finds it: after /Length bytes when `endstream` follows them, else at the
   * first end keyword. Every definition of an indirect /Length is tried and the longest that fits taken.
   */
  private streamEnd(dict: PdfDict, start: number): number {
    const ends: number[] = [];
    for (const length of this.integers(dict.get('Length'))) {
      if (length < 0 || start + length > this.src.length) continue;
      const reader = new PdfReader(this.src, start + length, this.budget);
      reader.skipBlank();
      if (this.src.startsWith('endstream', reader.pos)) ends.push(start + length);
    }
    if (ends.length) return Math.max(...ends);
    const found = findEndstream(this.src, start);
    return found >= 0 ? found : this.src.length;
  }

  private integers(v: PdfValue | undefined): number[] {
    if (typeof v === 'number') return Number.isInteger(v) ? [v] : [];
    if (!(v instanceof PdfRef)) return [];
    const out: number[] = [];
    for (const pos of this.headers.byNum.get(v.num) ?? []) {
      try {
        const n = new PdfReader(this.src, pos, this.budget).value();
        if (typeof n === 'number' && Number.isInteger(n)) out.push(n);
      } catch (err) {
        if (this.budget.steps < 0) throw err;
      }
    }
    return out;
  }
}

/** pdf.js's search for a stream's end: `end` then `stream`, or `steam` / `strea` followed by white space. */
function findEndstream(s: string, from: number): number {
  for (let p = s.indexOf('end', from); p >= 0; p = s.indexOf('end', p + 1)) {
    if (s.startsWith('stream', p + 3)) return p;
    const variant = s.startsWith('steam', p + 3) || s.startsWith('strea', p + 3);
    if (variant && /[\0\t\n\f\r ]/.test(s[p + 8] ?? '')) return p;
  }
  return -1;
}
