import { brotliCompressSync, deflateSync } from 'node:zlib';

/**
 * Encoders for the PDF stream filters (the inverse of what pdf.js decodes), so tests can build real PDFs whose
 * streams use each filter and chain, and decompression bombs for each.
 */

/** Packs LZW codes with the code widths pdf.js's decoder expects (EarlyChange 1). */
function packLzw(codes: number[]): Buffer {
  const out: number[] = [];
  let [acc, bits, width, next, hasPrev] = [0, 0, 9, 258, false];
  for (const code of codes) {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
    if (code === 256) [width, next, hasPrev] = [9, 258, false];
    else {
      if (hasPrev) {
        next++;
        if (!((next + 1) & next)) width = Math.min(12, Math.round(Math.log2(next + 1)) + 1);
      }
      hasPrev = true;
    }
  }
  if (bits) out.push((acc << (8 - bits)) & 0xff);
  return Buffer.from(out);
}

/** LZW with a clear code whenever the table is about full and an end code (entries keyed prefix code * 256 + byte). */
export function lzw(data: Buffer): Buffer {
  const codes = [256];
  let table = new Map<number, number>();
  let next = 258;
  let w = -1;
  for (const byte of data) {
    const known = w < 0 ? byte : table.get(w * 256 + byte);
    if (known !== undefined) {
      w = known;
      continue;
    }
    codes.push(w);
    if (next + 1 >= 4095) {
      codes.push(256);
      [table, next] = [new Map(), 258];
    } else table.set(w * 256 + byte, next++);
    w = byte;
  }
  if (w >= 0) codes.push(w);
  codes.push(257);
  return packLzw(codes);
}

/** `n` bytes of `byte` in LZW: code k stands for k - 256 of them, so each code yields one more byte. */
export function lzwRun(byte: number, n: number): Buffer {
  const codes: number[] = [];
  let left = n;
  while (left > 0) {
    codes.push(256, byte);
    left--;
    for (let code = 258; code < 4093 && left >= code - 256; code++) {
      codes.push(code);
      left -= code - 256;
    }
    if (left > 0 && left < 4093 - 256) {
      for (; left > 0; left--) codes.push(256, byte);
    }
  }
  codes.push(257);
  return packLzw(codes);
}

export const asciiHex = (data: Buffer) => Buffer.from(`${data.toString('hex')}>`, 'latin1');

export function ascii85(data: Buffer): Buffer {
  let out = '';
  for (let i = 0; i < data.length; i += 4) {
    const chunk = data.subarray(i, i + 4);
    const group = Buffer.concat([chunk, Buffer.alloc(4 - chunk.length)]);
    let v = group.readUInt32BE(0);
    if (v === 0 && chunk.length === 4) {
      out += 'z';
      continue;
    }
    const chars: string[] = [];
    for (let k = 0; k < 5; k++) {
      chars.unshift(String.fromCharCode(33 + (v % 85)));
      v = Math.floor(v / 85);
    }
    out += chars.slice(0, chunk.length + 1).join('');
  }
  return Buffer.from(`${out}~>`, 'latin1');
}

export function runLength(data: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; i += 128) {
    const part = data.subarray(i, i + 128);
    out.push(part.length - 1, ...part);
  }
  out.push(128);
  return Buffer.from(out);
}

/** `n` bytes of `byte` in RunLength: each pair of bytes yields 128. */
export function runLengthRun(byte: number, n: number): Buffer {
  const pairs = Math.ceil(n / 128);
  const out = Buffer.alloc(pairs * 2 + 1);
  for (let i = 0; i < pairs; i++) [out[2 * i], out[2 * i + 1]] = [129, byte];
  out[pairs * 2] = 128;
  return out;
}

export const ENCODERS: Record<string, (b: Buffer) => Buffer> = {
  FlateDecode: (b) => deflateSync(b, { level: 9 }), LZWDecode: lzw, ASCIIHexDecode: asciiHex, ASCII85Decode: ascii85,
  RunLengthDecode: runLength, BrotliDecode: (b) => brotliCompressSync(b),
};

/** Encodes for `/Filter [f1 f2 ...]`: pdf.js decodes with f1 first, so f1's encoding is applied last. */
export function encodeChain(data: Buffer, filters: string[]): Buffer {
  return [...filters].reverse().reduce((b, f) => ENCODERS[f]!(b), data);
}
