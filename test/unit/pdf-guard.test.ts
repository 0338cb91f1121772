import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadPdf } from '../../src/knowledge/loaders.js';
import { checkPdfInflation } from '../../src/knowledge/pdf-guard.js';
import { pdfWithContent, textContent } from '../helpers/hardening.js';
import { ascii85, encodeChain, lzwRun, runLengthRun } from '../helpers/pdf-filters.js';

/**
 * The PDF guard sizes every stream through the filters pdf.js would run, before pdf.js runs them. Each chain is
 * shown to be read by pdf.js (its text is extracted), sized exactly, and refused as a bomb past the limit.
 */
const LIMIT = 1 << 20;
const CHAINS = ([
  ['FlateDecode'], ['LZWDecode'], ['ASCIIHexDecode'], ['ASCII85Decode'], ['RunLengthDecode'], ['BrotliDecode'],
  ['ASCII85Decode', 'FlateDecode'], ['ASCIIHexDecode', 'LZWDecode'], ['FlateDecode', 'FlateDecode'],
  ['FlateDecode', 'RunLengthDecode'], ['LZWDecode', 'ASCII85Decode', 'FlateDecode'],
]).map((filters) => ({ chain: filters.join(' then '), filters }));
const limits = { maxFileBytes: 1e8, maxPdfInflatedBytes: LIMIT, maxPdfPages: 10, maxRegistryEntries: 10, maxFileChunks: 10, maxIndexChunks: 10 };

describe('PDF stream filters', () => {
  it.each(CHAINS)('$chain: read by pdf.js, sized as decoded', async ({ filters }) => {
    const content = textContent(`Quokka ${filters.join(' ')} pilot ${'ab'.repeat(2000)}`);
    const pdf = pdfWithContent(encodeChain(content, filters), filters);
    expect(checkPdfInflation(pdf, LIMIT)).toBe(content.length);
    const doc = await loadPdf(pdf, 'chain.pdf', limits);
    expect(doc.body).toContain(`Quokka ${filters.join(' ')} pilot abab`);
  });

  it.each(CHAINS)('$chain: a stream decoding past the limit is refused, naming the setting', ({ filters }) => {
    const content = textContent('A'.repeat(LIMIT + 10));
    const pdf = pdfWithContent(encodeChain(content, filters), filters);
    expect(() => checkPdfInflation(pdf, LIMIT)).toThrow(/MAX_PDF_INFLATED_BYTES/);
  });

  it('bombs built for each decoder (LZW and RunLength runs, ASCII85 z groups, Flate in Flate) are refused', () => {
    const bombs: [Buffer, string[]][] = [
      [lzwRun(0x20, 8 * LIMIT), ['LZWDecode']],
      [runLengthRun(0x20, 8 * LIMIT), ['RunLengthDecode']],
      [ascii85(Buffer.alloc(2 * LIMIT)), ['ASCII85Decode']],
      [deflateSync(deflateSync(Buffer.alloc(64 * LIMIT))), ['FlateDecode', 'FlateDecode']],
      [deflateSync(runLengthRun(0x20, 64 * LIMIT)), ['FlateDecode', 'RunLengthDecode']],
    ];
    for (const [stream, filters] of bombs) {
      expect(stream.length).toBeLessThan(LIMIT);
      expect(() => checkPdfInflation(pdfWithContent(stream, filters), LIMIT), filters.join()).toThrow(/MAX_PDF_INFLATED_BYTES/);
    }
    // The same encoders under the limit size exactly: the bombs are what pdf.js would decode.
    expect(checkPdfInflation(pdfWithContent(lzwRun(0x41, 700_000), ['LZWDecode']), LIMIT)).toBe(700_000);
    expect(checkPdfInflation(pdfWithContent(runLengthRun(0x41, 128 * 5000), ['RunLengthDecode']), LIMIT)).toBe(128 * 5000);
  });

  it('a bomb is found however its dictionary is written', () => {
    const bomb = deflateSync(Buffer.alloc(8 * LIMIT, 0x20));
    const written = [
      // A stray array where a key belongs: pdf.js still reads the names inside it as keys.
      (b: Buffer) => pdfWithContent(b, [], { dict: ' [/Filter /FlateDecode]' }),
      // The abbreviated key, a comment before `stream`, a decoy header and filter inside a string.
      (b: Buffer) => pdfWithContent(b, [], { dict: ' /F /Fl' }),
      (b: Buffer) => Buffer.from(pdfWithContent(b, ['FlateDecode']).toString('latin1').replace('>>\nstream', '>> % note\nstream'), 'latin1'),
      (b: Buffer) => pdfWithContent(b, ['FlateDecode'], { dict: ' /T (9 0 obj << /Filter /ASCIIHexDecode)' }),
    ];
    for (const build of written) expect(() => checkPdfInflation(build(bomb), LIMIT)).toThrow(/MAX_PDF_INFLATED_BYTES/);
  });

  it('refuses what it cannot size: encryption, unknown filters, filters by reference, image codecs on text', () => {
    const data = deflateSync(textContent('Hello'));
    const refused: [Buffer, RegExp][] = [
      [pdfWithContent(data, ['FlateDecode'], { trailer: ' /Encrypt 9 0 R' }), /encrypted/],
      [pdfWithContent(data, ['XYZDecode']), /unknown stream filter \/XYZDecode/],
      [pdfWithContent(data, [], { dict: ' /Filter 5 0 R' }), /by reference/],
      [pdfWithContent(data, ['DCTDecode']), /DCTDecode is only accepted as the last filter of an image/],
      [pdfWithContent(data, ['FlateDecode', 'RunLengthDecode'], { dict: ' /DecodeParms [<< /Predictor 12 /Columns 4 >> null]' }),
        /predictor before another filter/],
      [pdfWithContent(Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff]), ['FlateDecode']), /Flate stream is malformed/],
    ];
    for (const [pdf, reason] of refused) expect(() => checkPdfInflation(pdf, LIMIT)).toThrow(reason);
    // An image's own codec is not decoded to read text: counted as stored.
    expect(checkPdfInflation(pdfWithContent(data, ['DCTDecode'], { dict: ' /Subtype /Image' }), LIMIT)).toBe(data.length);
  });

  it('crafted syntax cannot make the check slow', () => {
    const inputs = [
      '>>stream\n'.repeat(200_000), '1 0 obj\n'.repeat(200_000), `1 0 obj << ${'['.repeat(100_000)}`,
      `${'1 0 obj (((('.repeat(50_000)}>>stream\n`, `1 0 obj << /A (x) ${'% c\n'.repeat(100_000)}>>\nstream\nabc\nendstream`,
    ];
    for (const text of inputs) {
      const t = performance.now();
      try {
        checkPdfInflation(Buffer.from(`%PDF-1.4\n${text}`, 'latin1'), LIMIT);
      } catch {
        // Refusing is fine: what is measured is the time.
      }
      expect(performance.now() - t).toBeLessThan(2000);
    }
  });
});
