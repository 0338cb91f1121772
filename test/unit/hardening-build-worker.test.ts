import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SifEmbeddings } from '../../src/embeddings/sif-embeddings.js';
import { loadWinkVectors } from '../../src/embeddings/word-vectors.js';
import { DEFAULT_INGEST_LIMITS } from '../../src/knowledge/ingest-limits.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { IndexStore } from '../../src/search/index-store.js';
import { WorkerIndexBuilder } from '../../src/search/worker-index-builder.js';
import { CACHE_DIR } from '../helpers/paths.js';
import { bigRegistry } from '../helpers/hardening.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';

/** The build worker: a build out of memory or time fails alone (INDEX_BUILD_FAILED) and the built index stays. */
let tmp: Awaited<ReturnType<typeof tempDir>>;
let knowledgeDir: string;
let store: IndexStore;
const logs = memoryLogger();

const builder = (opts: { timeoutMs: number; memoryMb: number }, limits = DEFAULT_INGEST_LIMITS) => new WorkerIndexBuilder(
  { indexDir: join(tmp.dir, 'index'), knowledgeDir, limits, embedder: { kind: 'local', cacheDir: CACHE_DIR } }, store, opts, logs,
);

beforeAll(async () => {
  tmp = await tempDir();
  knowledgeDir = await copyFixtureKnowledge(tmp.dir);
  store = new IndexStore(join(tmp.dir, 'index'), knowledgeDir, new SifEmbeddings(await loadWinkVectors(CACHE_DIR, logs)), logs);
});
afterAll(() => tmp?.cleanup());

describe('WorkerIndexBuilder', () => {
  it('builds in the worker, forwards its logs, and loads the build here with the registry parsed once', async () => {
    const index = await builder({ timeoutMs: 60_000, memoryMb: 512 }).ensure();
    expect(index.chunks.length).toBeGreaterThan(5);
    expect(index.registry?.file).toBe('mra/registry.yaml');
    expect(logs.records.some((r) => r.worker === 'index-build' && r.msg === 'index built')).toBe(true);
  });

  it('a build that runs out of memory fails alone; the built index stays current', async () => {
    const before = await store.load();
    await writeFile(join(knowledgeDir, 'mra', 'huge.yaml'), bigRegistry(60_000));
    const limits = { ...DEFAULT_INGEST_LIMITS, maxFileBytes: 1e9, maxRegistryEntries: 1e9 };
    await expect(builder({ timeoutMs: 120_000, memoryMb: 64 }, limits).ensure()).rejects.toMatchObject({
      code: 'INDEX_BUILD_FAILED', message: expect.stringMatching(/out of memory \(INDEX_BUILD_MEMORY_MB=64\)/),
    });
    expect((await store.load()).dir).toBe(before.dir);
  }, 120_000);

  it('a build past its deadline is stopped', async () => {
    await expect(builder({ timeoutMs: 50, memoryMb: 512 }).ensure()).rejects.toMatchObject({
      code: 'INDEX_BUILD_FAILED', message: expect.stringMatching(/did not finish within 50 ms/),
    });
  });
});
