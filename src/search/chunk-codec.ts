import type { Chunk } from '../knowledge/types.js';

/** Fields a chunk usually inherits from its file's front matter: stored once per file when all its chunks agree. */
const FILE_FIELDS = ['title', 'language', 'jurisdictions', 'topics', 'kind', 'sources', 'updated'] as const;
type FileField = (typeof FILE_FIELDS)[number];
type FileValues = Partial<Pick<Chunk, FileField>>;

/** The chunker's key order, so a decoded chunk looks like the built one. */
const KEY_ORDER: (keyof Chunk)[] = ['id', 'file', 'title', 'headings', 'text', 'lineStart', 'lineEnd', 'language', 'jurisdictions', 'topics', 'kind', 'sources', 'updated', 'questions'];

interface Stored { version: 1; files: Record<string, FileValues & { shared: FileField[] }>; chunks: Partial<Chunk>[] }

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
  const stored: Stored = {
    version: 1,
    files,
    chunks: chunks.map((c) => {
      const own: Partial<Chunk> = { ...c };
      for (const f of files[c.file]!.shared) delete own[f];
      return own;
    }),
  };
  return JSON.stringify(stored);
}

export function decodeChunks(json: string): Chunk[] {
  const stored = JSON.parse(json) as Stored;
  if (stored.version !== 1 || !Array.isArray(stored.chunks)) throw new Error('chunks.json has an unknown layout');
  return stored.chunks.map((own) => {
    const file = stored.files[own.file ?? ''];
    if (!file) throw new Error(`chunks.json names an unknown file ${own.file}`);
    const out: Record<string, unknown> = {};
    for (const k of KEY_ORDER) {
      const v = k in own ? own[k] : (file as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = v;
    }
    for (const [k, v] of Object.entries(own)) if (!(k in out) && v !== undefined) out[k] = v;
    return out as unknown as Chunk;
  });
}
