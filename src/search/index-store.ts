import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { yieldTurn } from '../core/yield-turn.js';
import { AppError } from '../errors.js';
import { CHUNKER_VERSION } from '../knowledge/chunker.js';
import { ingestFile } from '../knowledge/ingest.js';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from '../knowledge/ingest-limits.js';
import type { MraRegistry } from '../knowledge/registry.js';
import { scanKnowledge, type ScannedFile } from '../knowledge/scan.js';
import type { Chunk, DocMeta, SkippedFile } from '../knowledge/types.js';
import type { Logger } from '../logging/logger.js';
import type { BuildProgress, ProgressListener } from './build-progress.js';
import { analyze } from './analyzer.js';
import type { Bm25Index } from './bm25-index.js';
import { decodeChunksInSlices, encodeChunks } from './chunk-codec.js';
import { FlatBm25Index } from './flat-bm25.js';
import { VectorIndex } from './vector-index.js';

/** Bump when chunking, analysis (tokenizer, stemming) or stored layout changes: old indexes are rebuilt. */
export const INDEX_FORMAT_VERSION = 8;

/** An embedder that names itself, so the manifest can tell which one built an index. */
export interface IdentifiedEmbeddings extends EmbeddingsInterface {
  readonly id: string;
  readonly dims: number;
}

export interface Manifest {
  formatVersion: number;
  embedder: { id: string; dims: number };
  chunker: string;
  builtAt: string;
  buildMs: number;
  chunkCount: number;
  /** Per knowledge file: content hash, chunk count and its front matter (titles, programme facts). */
  files: Record<string, { hash: string; chunks: number; meta: DocMeta }>;
  skipped: (SkippedFile & { hash: string })[];
}

export interface LoadedIndex {
  dir: string;
  manifest: Manifest;
  chunks: Chunk[];
  bm25: Bm25Index;
  vectors: VectorIndex;
  /** Document frequency of each analysed term, for IDF weights at answer time. */
  df: Map<string, number>;
  /** The MRA registry as parsed (once) by the build; absent without a valid one. */
  registry?: MraRegistry;
}

interface Stored { chunks: Chunk[]; vectors: Float32Array }

/**
 * The index as a built artifact: `INDEX_DIR/CURRENT` names the live build folder; a build is written to a new
 * folder and CURRENT is swapped by rename, so readers never see a half-written index.
 */
export class IndexStore {
  private readonly log: Logger;
  /** Told how far a build is (files read, chunks embedded); the build worker forwards it to `bin/aeo-bot index`. */
  onProgress: ProgressListener | undefined;

  constructor(
    private readonly indexDir: string,
    private readonly knowledgeDir: string,
    private readonly embeddings: IdentifiedEmbeddings,
    logger: Logger,
    private readonly limits: IngestLimits = DEFAULT_INGEST_LIMITS,
  ) {
    this.log = logger.child({ module: 'index-store' });
  }

  /** Loads the current index when it is intact and fresh; otherwise (re)builds, reusing unchanged files. */
  async ensure(): Promise<LoadedIndex> {
    const files = await scanKnowledge(this.knowledgeDir, this.limits.maxFileBytes);
    let current: LoadedIndex | undefined;
    try {
      current = await this.load();
    } catch (err) {
      const e = err as AppError;
      if (e.code === 'INDEX_MISMATCH' || e.code === 'INDEX_CORRUPT') this.log.warn({ reason: e.message, code: e.code }, 'index not usable; rebuilding');
      else if (e.code !== 'NOT_READY') throw err;
    }
    if (current && isFresh(current.manifest, files)) return current;
    if (current) this.log.info('knowledge changed; rebuilding changed files');
    return this.build(files, current);
  }

  /**
   * The current build's folder name when its manifest fits this version and the knowledge files, without loading it;
   * undefined when there is none or it is stale or unreadable (then ensure() decides).
   */
  async freshBuild(): Promise<string | undefined> {
    try {
      const name = (await readFile(join(this.indexDir, 'CURRENT'), 'utf8')).trim();
      const manifest = JSON.parse(await readFile(join(this.indexDir, name, 'manifest.json'), 'utf8')) as Manifest;
      this.checkManifest(manifest);
      return isFresh(manifest, await scanKnowledge(this.knowledgeDir, this.limits.maxFileBytes)) ? name : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Loads the build folder `name` (by default the one CURRENT points at); throws NOT_READY when none was built,
   * INDEX_* when unusable. Each costly step yields to the event loop, so a service loading a new build keeps
   * answering health checks between them.
   */
  async load(name?: string): Promise<LoadedIndex> {
    if (name === undefined) {
      try {
        name = (await readFile(join(this.indexDir, 'CURRENT'), 'utf8')).trim();
      } catch {
        throw new AppError('NOT_READY', `No index in ${this.indexDir}; run "bin/aeo-bot index".`);
      }
    }
    const dir = join(this.indexDir, name);
    try {
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
      this.checkManifest(manifest);
      // vectors.f32 only feeds the next build (reused files); the service searches the HNSW graph's own copy.
      const stored = { chunks: await readChunks(dir) };
      if (stored.chunks.length !== manifest.chunkCount) throw new Error('chunk count differs from the manifest');
      const [bm25Json, bm25Bin, statsJson, registryJson] = await Promise.all([
        readFile(join(dir, 'bm25.json'), 'utf8'), readFile(join(dir, 'bm25.bin')), readFile(join(dir, 'stats.json'), 'utf8'),
        readFile(join(dir, 'registry.json'), 'utf8').catch(() => undefined),
      ]);
      await yieldTurn();
      const bm25 = FlatBm25Index.load(bm25Json, bm25Bin);
      if (bm25.documentCount() !== stored.chunks.length) throw new Error('bm25 document count differs from the chunk count');
      await yieldTurn();
      const vectors = await VectorIndex.load(join(dir, 'hnsw'), this.embeddings);
      if (vectors.size !== stored.chunks.length) throw new Error('vector count differs from the chunk count');
      const df = new Map(Object.entries(JSON.parse(statsJson) as Record<string, number>));
      const registry = registryJson ? (JSON.parse(registryJson) as MraRegistry) : undefined;
      return { dir, manifest, chunks: stored.chunks, bm25, vectors, df, ...(registry ? { registry } : {}) };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('INDEX_CORRUPT', `Index in ${dir} is unreadable: ${(err as Error).message}`, { dir }, { cause: err });
    }
  }

  /** Builds a new index, re-embedding only files whose hash changed since `previous`. */
  async build(files?: ScannedFile[], previous?: LoadedIndex): Promise<LoadedIndex> {
    const started = Date.now();
    const scanned = files ?? (await scanKnowledge(this.knowledgeDir, this.limits.maxFileBytes));
    const progress: BuildProgress = { phase: 'read', filesRead: 0, filesTotal: scanned.length, chunksEmbedded: 0, filesReused: 0 };
    const tell = () => this.onProgress?.({ ...progress });
    tell();
    const reuse = previous ? await this.reusable(previous) : new Map<string, { chunks: Chunk[]; vectors: number[][] }>();
    const chunks: Chunk[] = [];
    const vectors: number[][] = [];
    const manifestFiles: Manifest['files'] = {};
    const skipped: Manifest['skipped'] = [];
    const skip = (file: string, reason: string, hash: string) => {
      this.log.warn({ file, reason }, `skipping knowledge file ${file}: ${reason}`);
      skipped.push({ file, reason, hash });
    };
    let registry: MraRegistry | undefined;
    let embedded = 0;
    const overIndexLimit = (f: ScannedFile, more: Chunk[]) => {
      const total = chunks.length + more.length;
      if (total <= this.limits.maxIndexChunks) return false;
      skip(f.rel, `index chunks ${total} would be over the limit of ${this.limits.maxIndexChunks} (MAX_INDEX_CHUNKS)`, f.hash);
      return true;
    };
    for (const f of scanned) {
      progress.filesRead += 1;
      tell();
      const old = previous?.manifest.files[f.rel]?.hash === f.hash ? reuse.get(f.rel) : undefined;
      let fileChunks: Chunk[];
      let fileVectors: number[][];
      let meta: DocMeta;
      const oldMeta = previous?.manifest.files[f.rel]?.meta;
      let fileRegistry: MraRegistry | undefined;
      if (old && oldMeta) {
        ({ chunks: fileChunks, vectors: fileVectors } = old);
        meta = oldMeta;
        progress.filesReused += 1;
        if (previous?.registry?.file === f.rel) fileRegistry = previous.registry;
      } else {
        try {
          ({ chunks: fileChunks, meta, registry: fileRegistry } = await ingestFile(f, this.limits));
        } catch (err) {
          skip(f.rel, (err as Error).message, f.hash);
          continue;
        }
        if (overIndexLimit(f, fileChunks)) continue;
        fileVectors = await this.embeddings.embedDocuments(fileChunks.map(embeddingText));
        embedded += fileChunks.length;
        progress.chunksEmbedded = embedded;
      }
      if (old && oldMeta && overIndexLimit(f, fileChunks)) continue;
      registry ??= fileRegistry;
      chunks.push(...fileChunks);
      vectors.push(...fileVectors);
      manifestFiles[f.rel] = { hash: f.hash, chunks: fileChunks.length, meta };
    }
    if (!chunks.length) {
      throw new AppError('KNOWLEDGE_EMPTY', `No usable knowledge in "${this.knowledgeDir}": every file was skipped.`, { skipped });
    }
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      embedder: { id: this.embeddings.id, dims: this.embeddings.dims },
      chunker: CHUNKER_VERSION,
      builtAt: new Date().toISOString(),
      buildMs: 0,
      chunkCount: chunks.length,
      files: manifestFiles,
      skipped,
    };
    progress.phase = 'index';
    tell();
    const bm25 = FlatBm25Index.build(chunks);
    const vectorIndex = await VectorIndex.build(this.embeddings, vectors, this.embeddings.dims);
    const df = documentFrequencies(chunks);
    manifest.buildMs = Date.now() - started;
    const dir = await this.writeBuild(manifest, chunks, vectors, bm25, vectorIndex, df, registry);
    this.log.info({ chunks: chunks.length, files: Object.keys(manifestFiles).length, skipped: skipped.length, embedded, ms: manifest.buildMs }, 'index built');
    progress.phase = 'done';
    tell();
    return { dir, manifest, chunks, bm25, vectors: vectorIndex, df, ...(registry ? { registry } : {}) };
  }

  private checkManifest(m: Manifest): void {
    if (m.formatVersion !== INDEX_FORMAT_VERSION || m.chunker !== CHUNKER_VERSION) {
      throw new AppError('INDEX_MISMATCH', `Index format ${m.formatVersion}/${m.chunker} differs from this version's ${INDEX_FORMAT_VERSION}/${CHUNKER_VERSION}`);
    }
    if (m.embedder?.id !== this.embeddings.id || m.embedder?.dims !== this.embeddings.dims) {
      throw new AppError('INDEX_MISMATCH', `Index was built by embedder ${m.embedder?.id}/${m.embedder?.dims}, configured is ${this.embeddings.id}/${this.embeddings.dims}`);
    }
  }

  private async reusable(prev: LoadedIndex): Promise<Map<string, { chunks: Chunk[]; vectors: number[][] }>> {
    const out = new Map<string, { chunks: Chunk[]; vectors: number[][] }>();
    let stored: Stored;
    try {
      stored = await readStored(prev.dir);
    } catch {
      return out;
    }
    const dims = this.embeddings.dims;
    stored.chunks.forEach((c, i) => {
      let e = out.get(c.file);
      if (!e) out.set(c.file, (e = { chunks: [], vectors: [] }));
      e.chunks.push(c);
      e.vectors.push(Array.from(stored.vectors.subarray(i * dims, (i + 1) * dims)));
    });
    return out;
  }

  private async writeBuild(
    m: Manifest, chunks: Chunk[], vectors: number[][], bm25: FlatBm25Index, vi: VectorIndex, df: Map<string, number>, registry?: MraRegistry,
  ): Promise<string> {
    await mkdir(this.indexDir, { recursive: true });
    const name = `build-${Date.now()}-${randomBytes(3).toString('hex')}`;
    const dir = join(this.indexDir, name);
    await mkdir(dir);
    const flat = new Float32Array(vectors.length * m.embedder.dims);
    vectors.forEach((v, i) => flat.set(v, i * m.embedder.dims));
    const lexical = bm25.serialize();
    await Promise.all([
      writeFile(join(dir, 'chunks.json'), encodeChunks(chunks)),
      writeFile(join(dir, 'vectors.f32'), Buffer.from(flat.buffer)),
      writeFile(join(dir, 'bm25.json'), lexical.json),
      writeFile(join(dir, 'bm25.bin'), lexical.bin),
      writeFile(join(dir, 'stats.json'), JSON.stringify(Object.fromEntries(df))),
      vi.save(join(dir, 'hnsw')),
      ...(registry ? [writeFile(join(dir, 'registry.json'), JSON.stringify(registry))] : []),
    ]);
    // The manifest is written last: a build folder without one was never finished.
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
    const tmp = join(this.indexDir, `CURRENT.${process.pid}.tmp`);
    await writeFile(tmp, name);
    await rename(tmp, join(this.indexDir, 'CURRENT'));
    await this.removeOldBuilds(name);
    return dir;
  }

  private async removeOldBuilds(keep: string): Promise<void> {
    for (const entry of await readdir(this.indexDir)) {
      if (entry.startsWith('build-') && entry !== keep) await rm(join(this.indexDir, entry), { recursive: true, force: true });
    }
  }
}


const readChunks = async (dir: string): Promise<Chunk[]> => decodeChunksInSlices(await readFile(join(dir, 'chunks.json')), yieldTurn);

async function readStored(dir: string): Promise<Stored> {
  const [chunks, vecBuf] = await Promise.all([readChunks(dir), readFile(join(dir, 'vectors.f32'))]);
  const aligned = Buffer.from(vecBuf);
  const vectors = new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
  if (chunks.length && vectors.length % chunks.length !== 0) throw new Error('vectors.f32 does not match chunks.json');
  return { chunks, vectors };
}

function isFresh(m: Manifest, files: ScannedFile[]): boolean {
  const known = new Map<string, string>(Object.entries(m.files).map(([f, v]) => [f, v.hash]));
  for (const s of m.skipped) known.set(s.file, s.hash);
  return files.length === known.size && files.every((f) => known.get(f.rel) === f.hash);
}

/** What the embedder sees: the title and heading path give a short passage its context. */
export function embeddingText(c: Chunk): string {
  return [c.title, ...c.headings, c.text].join('\n');
}

export function documentFrequencies(chunks: Chunk[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const c of chunks) {
    for (const t of new Set(analyze([c.title, ...c.headings, c.text].join(' '), c.language))) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return df;
}
