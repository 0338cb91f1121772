/**
 * Citation markers as models write them: [2], [1, 3], [1; 3], [1-3] (one to three digits, separators , ; - –).
 * Scanned by hand rather than with a regex: each '[' is read forward once and a failed read never crosses the next
 * '[', so the scan is linear however long the punctuation runs.
 */
export interface Marker { start: number; end: number; list: string }

const SEPARATORS = new Set([',', ';', '-', '–']);
const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

function digits(text: string, at: number): number {
  let n = 0;
  while (n < 3 && isDigit(text[at + n])) n++;
  return n;
}

/** The marker starting at `start` ('['), or undefined. */
function readMarker(text: string, start: number): Marker | undefined {
  let j = start + 1;
  const first = digits(text, j);
  if (!first) return undefined;
  j += first;
  for (;;) {
    let k = j;
    while (isSpace(text[k])) k++;
    if (!SEPARATORS.has(text[k] ?? '')) break;
    k++;
    while (isSpace(text[k])) k++;
    const n = digits(text, k);
    if (!n) break;
    j = k + n;
  }
  return text[j] === ']' ? { start, end: j + 1, list: text.slice(start + 1, j) } : undefined;
}

export function findMarkers(text: string): Marker[] {
  const out: Marker[] = [];
  for (let at = text.indexOf('['); at >= 0; ) {
    const m = readMarker(text, at);
    if (m) out.push(m);
    at = text.indexOf('[', m ? m.end : at + 1);
  }
  return out;
}

export function hasMarker(text: string): boolean {
  for (let at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1)) if (readMarker(text, at)) return true;
  return false;
}

/** `text` with each marker replaced by `fn(marker, list)`. */
export function replaceMarkers(text: string, fn: (marker: string, list: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of findMarkers(text)) {
    out += text.slice(last, m.start) + fn(text.slice(m.start, m.end), m.list);
    last = m.end;
  }
  return out + text.slice(last);
}
