import { brotliDecompressSync, constants, inflateRawSync } from 'node:zlib';
import type { PdfDict } from './pdf-syntax.js';

/**
 * The stream decoders pdf.js runs on text, ported to decode with an output cap: each returns what pdf.js would
 * produce from the same bytes, or throws OverCap once that passes `cap`. Where pdf.js is lenient (no checksum,
 * back-references before the start read as zeros, a missing end code) these are lenient the same way.
 */
export class OverCap extends Error {}

/** Data a decoder cannot follow the way pdf.js would: the file is refused rather than sized wrongly. */
export class Undecodable extends Error {}

export type Decode = (data: Buffer, cap: number, parms: PdfDict | undefined) => Buffer;

/** Output bytes up to a cap, grown by doubling. */
class CappedOutput {
  private buf: Buffer;
  length = 0;

  constructor(private readonly cap: number, hint: number) {
    this.buf = Buffer.alloc(Math.min(cap + 1, Math.max(256, hint)));
  }

  private room(n: number): void {
    if (this.length + n > this.cap) throw new OverCap();
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.min(this.cap + 1, Math.max(this.buf.length * 2, this.length + n)));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  push(byte: number): void {
    this.room(1);
    this.buf[this.length++] = byte;
  }

  fill(byte: number, n: number): void {
    this.room(n);
    this.buf.fill(byte, this.length, this.length + n);
    this.length += n;
  }

  copy(src: Uint8Array, from: number, to: number): void {
    this.room(to - from);
    this.buf.set(src.subarray(from, to), this.length);
    this.length += to - from;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** A deflate window of zeros: pdf.js reads a back-reference before the first byte as zeros; zlib would refuse it. */
const ZERO_WINDOW = Buffer.alloc(32 * 1024);

function flate(data: Buffer, cap: number): Buffer {
  const [cmf, flg] = [data[0], data[1]];
  // pdf.js makes a stream with a bad zlib header an empty one.
  if (cmf === undefined || flg === undefined || (cmf & 0x0f) !== 8 || ((cmf << 8) + flg) % 31 !== 0 || flg & 0x20) {
    return Buffer.alloc(0);
  }
  try {
    // Raw inflate past the header: pdf.js does not check the Adler-32 trailer, nor does this.
    return inflateRawSync(data.subarray(2), { maxOutputLength: cap + 1, finishFlush: constants.Z_SYNC_FLUSH, dictionary: ZERO_WINDOW });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new OverCap();
    throw new Undecodable(`a Flate stream is malformed (${(err as Error).message})`);
  }
}

function brotli(data: Buffer, cap: number): Buffer {
  try {
    return brotliDecompressSync(data, { maxOutputLength: cap + 1 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new OverCap();
    throw new Undecodable(`a Brotli stream is malformed (${(err as Error).message})`);
  }
}

/** pdf.js's LZWStream, codes read in blocks of 512 as it does (so a missing end code yields what it yields). */
function lzw(data: Buffer, cap: number, parms: PdfDict | undefined): Buffer {
  const early = parms?.get('EarlyChange');
  const earlyChange = typeof early === 'number' ? early : 1;
  const out = new CappedOutput(cap, data.length * 4);
  const values = new Uint8Array(4096);
  const lengths = new Uint16Array(4096);
  const prevCodes = new Uint16Array(4096);
  const seq = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    values[i] = i;
    lengths[i] = 1;
  }
  let [pos, cached, bits, codeLength, nextCode, seqLength, prevCode, eof] = [0, 0, 0, 9, 258, 0, 0, false];
  const readBits = (n: number): number => {
    while (bits < n) {
      if (pos >= data.length) {
        eof = true;
        return 0;
      }
      cached = ((cached << 8) | data[pos++]!) >>> 0;
      bits += 8;
    }
    bits -= n;
    return (cached >>> bits) & ((1 << n) - 1);
  };
  while (!eof) {
    for (let i = 0; i < 512; i++) {
      const code = readBits(codeLength);
      const hasPrev = seqLength > 0;
      if (code < 256) {
        seq[0] = code;
        seqLength = 1;
      } else if (code >= 258) {
        if (code < nextCode) {
          seqLength = lengths[code]!;
          for (let j = seqLength - 1, q = code; j >= 0; j--) {
            seq[j] = values[q]!;
            q = prevCodes[q]!;
          }
        } else {
          seq[seqLength++] = seq[0]!;
        }
      } else if (code === 256) {
        [codeLength, nextCode, seqLength] = [9, 258, 0];
        continue;
      } else {
        return out.bytes();
      }
      if (hasPrev) {
        prevCodes[nextCode] = prevCode;
        lengths[nextCode] = lengths[prevCode]! + 1;
        values[nextCode] = seq[0]!;
        nextCode++;
        const n = nextCode + earlyChange;
        // The same float expression as pdf.js, so the code length changes at the same code.
        if (!(n & (n - 1))) codeLength = Math.min(Math.log(n) / 0.6931471805599453 + 1, 12) | 0;
      }
      prevCode = code;
      // Past 4096 pdf.js reads zeros from its sequence buffer: same length, same count.
      out.copy(seq, 0, Math.min(seqLength, seq.length));
      if (seqLength > seq.length) out.fill(0, seqLength - seq.length);
    }
  }
  return out.bytes();
}

function asciiHex(data: Buffer, cap: number): Buffer {
  const out = new CappedOutput(cap, data.length / 2);
  let first = -1;
  for (const c of data) {
    let digit: number;
    if (c >= 0x30 && c <= 0x39) digit = c & 0x0f;
    else if ((c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) digit = (c & 0x0f) + 9;
    else if (c === 0x3e) break;
    else continue;
    if (first < 0) first = digit;
    else {
      out.push((first << 4) | digit);
      first = -1;
    }
  }
  if (first >= 0) out.push(first << 4);
  return out.bytes();
}

function ascii85(data: Buffer, cap: number): Buffer {
  const out = new CappedOutput(cap, data.length);
  const isWhite = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
  const group = new Uint8Array(5);
  let pos = 0;
  const next = () => {
    let c = data[pos++];
    while (isWhite(c)) c = data[pos++];
    return c ?? -1;
  };
  for (;;) {
    let c = next();
    if (c === -1 || c === 0x7e) return out.bytes();
    if (c === 0x7a) {
      out.fill(0, 4);
      continue;
    }
    let i = 1;
    group[0] = c;
    for (; i < 5; i++) {
      c = next();
      group[i] = c;
      if (c === -1 || c === 0x7e) break;
    }
    const n = i - 1;
    if (i < 5) group.fill(0x75, i);
    let v = 0;
    for (let k = 0; k < 5; k++) v = v * 85 + (group[k]! - 33);
    const bytes = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    for (let k = 0; k < n; k++) out.push(bytes[k]!);
    if (i < 5) return out.bytes();
  }
}

function runLength(data: Buffer, cap: number): Buffer {
  const out = new CappedOutput(cap, data.length * 2);
  let pos = 0;
  while (pos + 1 < data.length && data[pos] !== 128) {
    const n = data[pos]!;
    if (n < 128) {
      out.copy(data, pos + 1, Math.min(data.length, pos + 2 + n));
      pos += 2 + n;
    } else {
      out.fill(data[pos + 1]!, 257 - n);
      pos += 2;
    }
  }
  return out.bytes();
}

/** The decoders by every name pdf.js accepts for them. */
export const DECODERS: Record<string, Decode> = {
  FlateDecode: flate, Fl: flate, LZWDecode: lzw, LZW: lzw, ASCIIHexDecode: asciiHex, AHx: asciiHex,
  ASCII85Decode: ascii85, A85: ascii85, RunLengthDecode: runLength, RL: runLength, BrotliDecode: brotli,
};

/** Image codecs: pdf.js decodes them to draw images, never to read text. */
export const IMAGE_CODECS = new Set(['DCTDecode', 'DCT', 'JPXDecode', 'JBIG2Decode', 'CCITTFaxDecode', 'CCF']);
