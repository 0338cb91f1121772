import { readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SifEmbeddings } from '../../src/embeddings/sif-embeddings.js';
import { loadWinkVectors, WINK_CACHE_FILE, WordVectors } from '../../src/embeddings/word-vectors.js';
import { DEFAULT_INGEST_LIMITS } from '../../src/knowledge/ingest-limits.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { IndexStore } from '../../src/search/index-store.js';
import { WorkerIndexBuilder } from '../../src/search/worker-index-builder.js';
import { CACHE_DIR } from '../helpers/paths.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';

/** Memory of the service and its build worker: word-vector rows read from the cache file, a fresh index loaded once. */
let tmp: Awaited<ReturnType<typeof tempDir>>;
let knowledgeDir: string;
let vectors: WordVectors;
/** The same vectors deserialised from shared memory, as a caller holding them in memory would pass them. */
let inMemory: WordVectors;
const logs = memoryLogger();

const setUp = (name: string, shared: boolean) => {
  const indexDir = join(tmp.dir, name);
  const store = new IndexStore(indexDir, knowledgeDir, new SifEmbeddings(vectors), logs);
  const embedder = { kind: 'local' as const, cacheDir: CACHE_DIR, ...(shared ? { vectors: inMemory.shared()! } : {}) };
  return { store, builder: new WorkerIndexBuilder({ indexDir, knowledgeDir, limits: DEFAULT_INGEST_LIMITS, embedder }, store, { timeoutMs: 60_000, memoryMb: 512 }, logs) };
};

beforeAll(async () => {
  tmp = await tempDir();
  knowledgeDir = await copyFixtureKnowledge(tmp.dir);
  vectors = await loadWinkVectors(CACHE_DIR, logs);
  const file = readFileSync(join(CACHE_DIR, WINK_CACHE_FILE));
  const sab = new Uint8Array(new SharedArrayBuffer(file.length));
  sab.set(file);
  inMemory = WordVectors.deserialize(Buffer.from(sab.buffer));
});
afterAll(() => tmp?.cleanup());

describe('build worker memory', () => {
  it('word vectors from the cache read their rows from the file; a worker given shared vectors builds the same index as one loading its own', async () => {
    expect(vectors.shared()).toBeUndefined();
    expect(inMemory.shared()).toBeInstanceOf(SharedArrayBuffer);
    const withShared = await setUp('shared', true).builder.ensure();
    const ownCopy = await setUp('own', false).builder.ensure();
    expect(withShared.chunks.length).toBeGreaterThan(5);
    const bytes = (i: typeof withShared) => readFile(join(i.dir, 'vectors.f32'));
    expect((await bytes(withShared)).equals(await bytes(ownCopy))).toBe(true);
    // The service's vectors still answer after the worker used (and exited with) the shared memory.
    expect(vectors.rank('customs')).toBeTypeOf('number');
  });

  it('a fresh index is found and loaded here, without a worker; a damaged one is rebuilt by the worker as before', async () => {
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
  }, 90_000);
});
