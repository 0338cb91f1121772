import { inflateSync, constants } from 'node:zlib';
import { LimitExceeded } from './ingest-limits.js';

/** How far before a `stream` keyword its dictionary (with /Filter) is looked for. */
const DICT_WINDOW = 4096;

/**
 * Refuses a PDF whose Flate streams inflate past `maxBytes` in total, before pdf.js decodes anything: a 500 KB file
 * can inflate to hundreds of megabytes. Each stream is inflated with an output cap of the budget left, so checking
 * never holds more than that. Streams of other filters count by their stored size (a worker memory limit and a
 * build deadline bound the rest). Scanned with indexOf, not a regex over the binary.
 */
export function checkPdfInflation(data: Buffer, maxBytes: number): number {
  let total = 0;
  let pos = 0;
  for (;;) {
    const at = data.indexOf('stream', pos, 'latin1');
    if (at < 0) return total;
    pos = at + 6;
    if (at >= 3 && data.toString('latin1', at - 3, at) === 'end') continue;
    let start = pos;
    if (data[start] === 0x0d) start++;
    if (data[start] !== 0x0a) continue;
    start++;
    const end = data.indexOf('endstream', start, 'latin1');
    const body = data.subarray(start, end < 0 ? data.length : end);
    pos = end < 0 ? data.length : end + 9;
    const dict = data.toString('latin1', Math.max(0, at - DICT_WINDOW), at);
    const own = dict.slice(dict.lastIndexOf(' obj'));
    total += /\/(?:FlateDecode|Fl)\b/.test(own) ? inflatedSize(body, maxBytes - total) : body.length;
    if (total > maxBytes) throw new LimitExceeded('PDF inflated size (bytes) at least', total, maxBytes, 'MAX_PDF_INFLATED_BYTES');
  }
}

function inflatedSize(body: Buffer, budget: number): number {
  try {
    // A truncated stream still counts what it yields (pdf.js reads those too).
    return inflateSync(body, { maxOutputLength: Math.max(1, budget + 1), finishFlush: constants.Z_SYNC_FLUSH }).length;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return budget + 1;
    return body.length;
  }
}
