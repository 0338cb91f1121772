/**
 * Just enough PDF syntax to read stream dictionaries the way pdf.js does (comments, nested dictionaries, strings,
 * hex strings, indirect references), over the file as a latin1 string. Values the guard does not need (strings,
 * booleans, null) read as null.
 */
export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(readonly num: number, readonly gen: number) {}
}

export type PdfDict = Map<string, PdfValue>;
export type PdfValue = number | PdfName | PdfRef | PdfDict | PdfValue[] | null;

/** A file whose syntax the guard cannot follow: refused rather than guessed at. */
export class PdfSyntaxError extends Error {}

const MAX_DEPTH = 64;
const END = Symbol('end');
type Token = PdfValue | typeof END;

export const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
/** `( ) < > [ ] { } / %` */
const isDelimiter = (c: number) => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d
  || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
export const isRegular = (c: number) => !Number.isNaN(c) && !isSpace(c) && !isDelimiter(c);

/** Reads values from `src` starting at `pos`; every step counts against `budget` (shared by one file's reads). */
export class PdfReader {
  constructor(readonly src: string, public pos: number, private readonly budget: { steps: number }) {}

  /** Skips white space and comments. */
  skipBlank(): void {
    const s = this.src;
    const from = this.pos;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (isSpace(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
      } else break;
    }
    this.charge(this.pos - from);
  }

  private charge(steps: number): void {
    this.budget.steps -= steps;
    if (this.budget.steps < 0) throw new PdfSyntaxError('too much syntax to check');
  }

  value(depth = 0): PdfValue {
    const t = this.token(depth);
    if (t === END) throw new PdfSyntaxError(`unexpected end of a dictionary or array at byte ${this.pos}`);
    return t;
  }

  private token(depth: number): Token {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('objects nested too deeply');
    this.charge(1);
    this.skipBlank();
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) throw new PdfSyntaxError('unexpected end of file');
    if (c === '<' && s[this.pos + 1] === '<') return this.dict(depth);
    if (c === '>' && s[this.pos + 1] === '>') return (this.pos += 2), END;
    if (c === '[') return this.array(depth);
    if (c === ']') return this.pos++, END;
    if (c === '(') return this.string(), null;
    if (c === '<') return this.skipTo('>'), null;
    if (c === '/') return new PdfName(this.word(this.pos + 1));
    if (c === ')' || c === '>' || c === '{' || c === '}') return this.pos++, null;
    const word = this.word(this.pos);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return null;
    const n = Number(word);
    return Number.isInteger(n) && n >= 0 ? this.maybeRef(n) : n;
  }

  private dict(depth: number): PdfDict {
    this.pos += 2;
    const d: PdfDict = new Map();
    for (;;) {
      this.charge(1);
      this.skipBlank();
      const c = this.src[this.pos];
      if (c === undefined) throw new PdfSyntaxError('unexpected end of file');
      if (c === '>' && this.src[this.pos + 1] === '>') {
        this.pos += 2;
        return d;
      }
      // As pdf.js: where a key should be, anything but a name is skipped one token at a time (so the names
      // inside a stray array still count as keys); the last of a repeated key wins.
      if (c === '/') d.set(this.word(this.pos + 1), this.value(depth + 1));
      else this.skipToken();
    }
  }

  /** Skips one token as pdf.js's lexer reads them: a string, a hex string, `<<`, one delimiter or one word. */
  private skipToken(): void {
    const s = this.src;
    const c = s[this.pos];
    if (c === '(') this.string();
    else if (c === '<' && s[this.pos + 1] === '<') this.pos += 2;
    else if (c === '<') this.skipTo('>');
    else if (isRegular(s.charCodeAt(this.pos))) this.word(this.pos);
    else this.pos++;
  }

  private array(depth: number): PdfValue[] {
    this.pos++;
    const out: PdfValue[] = [];
    for (;;) {
      const t = this.token(depth + 1);
      if (t === END) return out;
      out.push(t);
    }
  }

  /** `N G R` after an integer N makes a reference. */
  private maybeRef(num: number): PdfValue {
    const save = this.pos;
    this.skipBlank();
    const gen = this.word(this.pos);
    this.skipBlank();
    if (/^\d+$/.test(gen) && this.src[this.pos] === 'R' && !isRegular(this.src.charCodeAt(this.pos + 1))) {
      this.pos++;
      return new PdfRef(num, Number(gen));
    }
    this.pos = save;
    return num;
  }

  /** A run of regular characters from `from` (names decode #xx); moves past it. */
  private word(from: number): string {
    let end = from;
    while (end < this.src.length && isRegular(this.src.charCodeAt(end))) end++;
    this.charge(end - from);
    this.pos = end;
    return this.src.slice(from, end).replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }

  private string(): void {
    const s = this.src;
    let depth = 0;
    for (let i = this.pos; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x5c) i++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        this.charge(i - this.pos);
        this.pos = i + 1;
        return;
      }
    }
    this.charge(s.length - this.pos);
    throw new PdfSyntaxError('unterminated string');
  }

  private skipTo(ch: string): void {
    const end = this.src.indexOf(ch, this.pos);
    this.charge((end < 0 ? this.src.length : end) - this.pos);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string');
    this.pos = end + 1;
  }
}

/**
 * Where each indirect object's header (`N G obj`) ends, found with indexOf in one pass: the stream guard reads a
 * stream's dictionary from its object's header and resolves references through this.
 */
export function objectHeaders(src: string): { at: number[]; byNum: Map<number, number[]> } {
  const at: number[] = [];
  const byNum = new Map<number, number[]>();
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  for (let i = src.indexOf('obj'); i >= 0; i = src.indexOf('obj', i + 3)) {
    if (i === 0 || isRegular(src.charCodeAt(i + 3))) continue;
    // Backwards: white space, the generation, white space, the number, then no regular character.
    let j = i - 1;
    const run = (pred: (c: number) => boolean, max: number): boolean => {
      const from = j;
      while (j >= 0 && from - j < max && pred(src.charCodeAt(j))) j--;
      return j < from;
    };
    if (!run(isSpace, 64) || !run(isDigit, 10) || !run(isSpace, 64)) continue;
    const numEnd = j + 1;
    if (!run(isDigit, 10) || (j >= 0 && isRegular(src.charCodeAt(j)))) continue;
    at.push(i + 3);
    // Every definition of a number: which one the cross-reference table picks is not worked out here.
    const num = Number(src.slice(j + 1, numEnd));
    const defs = byNum.get(num);
    if (defs) defs.push(i + 3);
    else byNum.set(num, [i + 3]);
  }
  return { at, byNum };
}
