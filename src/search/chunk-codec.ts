import type { Chunk } from '../knowledge/types.js';

/** Fields a chunk usually inherits from its file's front matter: stored once per file when all its chunks agree. */
const FILE_FIELDS = ['title', 'language', 'jurisdictions', 'topics', 'kind', 'sources', 'updated'] as const;
type FileField = (typeof FILE_FIELDS)[number];
type FileValues = Partial<Pick<Chunk, FileField>>;

/** The chunker's key order, so a decoded chunk looks like the built one. */
const KEY_ORDER: (keyof Chunk)[] = ['id', 'file', 'title', 'headings', 'text', 'lineStart', 'lineEnd', 'language', 'jurisdictions', 'topics', 'kind', 'sources', 'updated', 'questions'];

interface Stored { version: 1; files: Record<string, FileValues & { shared: FileField[] }>; chunks: Partial<Chunk>[] }

/** The line layout's fixed lines (one file, then one chunk, a line between them). */
const FILES_OPEN = '{"version":1,"files":{';
const CHUNKS_OPEN = '},"chunks":[';
const CLOSE = ']}';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * chunks.json with each file's metadata (sources, front matter) once per file instead of once per chunk: at 10k
 * chunks the repeated `sources` were two thirds of the file. Decoding gives every chunk of a file the same arrays.
 */
export function encodeChunks(chunks: Chunk[]): string {
  const byFile = new Map<string, Chunk[]>();
  for (const c of chunks) {
    const list = byFile.get(c.file);
    if (list) list.push(c);
    else byFile.set(c.file, [c]);
  }
  const files: Stored['files'] = {};
  for (const [file, list] of byFile) {
    const first = list[0]!;
    const shared = FILE_FIELDS.filter((f) => list.every((c) => (f in c) === (f in first) && same(c[f], first[f])));
    files[file] = { shared, ...Object.fromEntries(shared.map((f) => [f, first[f]])) };
  }
  const own = chunks.map((c) => {
    const o: Partial<Chunk> = { ...c };
    for (const f of files[c.file]!.shared) delete o[f];
    return JSON.stringify(o);
  });
  // Still one JSON document, with one file and one chunk a line (JSON escapes newlines inside strings), so a loader
  // can parse it a slice at a time between event-loop turns (decodeChunksInSlices).
  const lines = (xs: string[]) => (xs.length ? `${xs.join(',\n')}\n` : '');
  const fileLines = Object.entries(files).map(([f, v]) => `${JSON.stringify(f)}:${JSON.stringify(v)}`);
  return `${FILES_OPEN}\n${lines(fileLines)}${CHUNKS_OPEN}\n${lines(own)}${CLOSE}`;
}

export function decodeChunks(json: string): Chunk[] {
  const stored = JSON.parse(json) as Stored;
  if (stored.version !== 1 || !Array.isArray(stored.chunks)) throw new Error('chunks.json has an unknown layout');
  return stored.chunks.map((own) => expand(stored.files, own));
}

/**
 * decodeChunks for a loader on the answering thread: parses the file and chunk lines in slices of about `sliceMs`,
 * awaiting `pause` between slices, so a 50,000-chunk index (61 MB) never holds the event loop for one long parse
 * (~0.3 s). A file in the older single-line layout is decoded in one go.
 */
export async function decodeChunksInSlices(buf: Buffer, pause: () => Promise<void>, sliceMs = 8): Promise<Chunk[]> {
  const first = buf.indexOf(0x0a);
  if (first < 0 || buf.toString('utf8', 0, first) !== FILES_OPEN) return decodeChunks(buf.toString('utf8'));
  const files: Stored['files'] = {};
  const out: Chunk[] = [];
  const item = (line: string) => (line.endsWith(',') ? line.slice(0, -1) : line);
  let inChunks = false;
  let at = first + 1;
  let sliceStart = performance.now();
  for (;;) {
    const end = buf.indexOf(0x0a, at);
    const line = buf.toString('utf8', at, end < 0 ? buf.length : end);
    if (end < 0) {
      if (!inChunks || line !== CLOSE) throw new Error('chunks.json is truncated');
      return out;
    }
    if (line === CHUNKS_OPEN) inChunks = true;
    else if (inChunks) out.push(expand(files, JSON.parse(item(line)) as Partial<Chunk>));
    else Object.assign(files, JSON.parse(`{${item(line)}}`) as Stored['files']);
    at = end + 1;
    if (performance.now() - sliceStart > sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}

/** A stored chunk with its file's shared fields put back, in the chunker's key order. */
function expand(files: Stored['files'], own: Partial<Chunk>): Chunk {
  const file = files[own.file ?? ''];
  if (!file) throw new Error(`chunks.json names an unknown file ${own.file}`);
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) {
    const v = k in own ? own[k] : (file as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  for (const [k, v] of Object.entries(own)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as unknown as Chunk;
}
