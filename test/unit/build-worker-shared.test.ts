import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SifEmbeddings } from '../../src/embeddings/sif-embeddings.js';
import { loadWinkVectors, type WordVectors } from '../../src/embeddings/word-vectors.js';
import { DEFAULT_INGEST_LIMITS } from '../../src/knowledge/ingest-limits.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { IndexStore } from '../../src/search/index-store.js';
import { WorkerIndexBuilder } from '../../src/search/worker-index-builder.js';
import { CACHE_DIR } from '../helpers/paths.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';

/** Memory the service and its build worker share: the word vectors once, a fresh index loaded once. */
let tmp: Awaited<ReturnType<typeof tempDir>>;
let knowledgeDir: string;
let vectors: WordVectors;
const logs = memoryLogger();

const setUp = (name: string, shared: boolean) => {
  const indexDir = join(tmp.dir, name);
  const store = new IndexStore(indexDir, knowledgeDir, new SifEmbeddings(vectors), logs);
  const embedder = { kind: 'local' as const, cacheDir: CACHE_DIR, ...(shared ? { vectors: vectors.shared()! } : {}) };
  return { store, builder: new WorkerIndexBuilder({ indexDir, knowledgeDir, limits: DEFAULT_INGEST_LIMITS, embedder }, store, { timeoutMs: 60_000, memoryMb: 512 }, logs) };
};

beforeAll(async () => {
  tmp = await tempDir();
  knowledgeDir = await copyFixtureKnowledge(tmp.dir);
  vectors = await loadWinkVectors(CACHE_DIR, logs);
});
afterAll(() => tmp?.cleanup());

describe('build worker memory', () => {
  it('word vectors from the cache live in shared memory, and a worker embedding with them builds the same index', async () => {
    expect(vectors.shared()).toBeInstanceOf(SharedArrayBuffer);
    const withShared = await setUp('shared', true).builder.ensure();
    const ownCopy = await setUp('own', false).builder.ensure();
    expect(withShared.chunks.length).toBeGreaterThan(5);
    const bytes = (i: typeof withShared) => readFile(join(i.dir, 'vectors.f32'));
    expect((await bytes(withShared)).equals(await bytes(ownCopy))).toBe(true);
    // The service's vectors still answer after the worker used (and exited with) the shared memory.
    expect(vectors.rank('customs')).toBeTypeOf('number');
  });

  it('a fresh index is named by the worker and loaded here; a damaged one is rebuilt as before', async () => {
    const { store, builder } = setUp('fresh', true);
    const first = await builder.ensure();
    const again = await builder.ensure();
    expect(again.dir).toBe(first.dir);
    expect(logs.records.filter((r) => r.msg === 'index built' && String(r.worker) === 'index-build')).toHaveLength(3);
    // The manifest still matches the knowledge, but the BM25 file is damaged: the load here fails, the worker rebuilds.
    await writeFile(join(first.dir, 'bm25.bin'), 'not an index');
    const rebuilt = await builder.ensure();
    expect(rebuilt.dir).not.toBe(first.dir);
    expect(rebuilt.chunks.length).toBe(first.chunks.length);
    expect((await store.load()).dir).toBe(rebuilt.dir);
  });
});
