/**
 * What a postgres replica holds: the heap a reader's services retain once they have loaded a database index of
 * synthetic chunks (the bench's, each with a distinct id token, so the vocabulary grows with the corpus as real
 * pages' ids, figures and names make it), and after answering the bench questions. `--before DIR` measures another
 * tree's code (e.g. `git archive HEAD~1 | tar -x -C DIR`, with node_modules linked) on the same database, in the same
 * run. Usage: npx tsx bench/postgres-memory.ts [--size 10000] [--queries 60] [--before DIR] [--repeat 3]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { SifEmbeddings } from '../src/embeddings/sif-embeddings.js';
import { loadWinkVectors } from '../src/embeddings/word-vectors.js';
import type { DocMeta } from '../src/knowledge/types.js';
import { silentLogger } from '../src/logging/logger.js';
import { embeddingText, IndexStore } from '../src/search/index-store.js';
import { migrate, readMigrations } from '../src/search/postgres/migrations.js';
import { createIndexMeta, finishUpdate, insertFile } from '../src/search/postgres/postgres-indexer.js';
import { inTransaction } from '../src/search/postgres/transaction.js';
import { mean } from '../src/search/vector-index.js';
import { startPglite } from '../test/helpers/pglite-server.js';
import { benchQueries, synthesizeChunks } from './lib/corpus.js';
import { CACHE_DIR, KNOWLEDGE, REPO, TSX_LOADER } from './lib/paths.js';
import { readDevSet } from './lib/services.js';

const get = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };

interface Held { tree: string; loadedMb: number; answeredMb: number; terms: number | null; tableTerms: number; tableMb: number; ms: number; askMs: number; againMs: number }

/** In a child (one per tree, `--expose-gc`): a reader's services on the database, its retained heap. */
async function replica(root: string, url: string, queries: string[]): Promise<Held> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed / 2 ** 20; };
  const { loadConfig } = await import(join(root, 'src/config/load-config.ts')) as typeof import('../src/config/load-config.js');
  const { createServices } = await import(join(root, 'src/main.ts')) as typeof import('../src/main.js');
  const tmp = await mkdtemp(join(tmpdir(), 'aeo-mem-'));
  const config = loadConfig({
    KNOWLEDGE_DIR: KNOWLEDGE, INDEX_DIR: join(tmp, 'index'), CACHE_DIR, PORT: '0', HOST: '127.0.0.1', INDEX_BACKEND: 'postgres',
    DATABASE_URL: url, QUESTION_LOG_RETENTION_DAYS: '0', INDEX_POLL_MS: '600000',
  });
  const s = await createServices(config, silentLogger());
  await s.engine.warmUp();
  const base = heap();
  const t = performance.now();
  await s.refresh();
  const ms = performance.now() - t;
  const loadedMb = heap() - base;
  const times: number[] = [];
  for (const q of queries) {
    const at = performance.now();
    await s.engine.answer(q, { channel: 'cli' });
    times.push(performance.now() - at);
  }
  const answeredMb = heap() - base;
  // Asked again: every term is held now (the lookup is skipped), hits are cached alike in both trees.
  const again: number[] = [];
  for (const q of queries) {
    const at = performance.now();
    await s.engine.answer(q, { channel: 'cli' });
    again.push(performance.now() - at);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const df = s.engine.knowledgeBase!.index.df as { size: number; misses?: number };
  // What the whole table takes as the Map a replica held before (measured alike in either tree).
  const pool = new (await import('pg')).default.Pool({ connectionString: url, max: 1 });
  const before = heap();
  const whole = new Map((await pool.query<{ term: string; df: number }>('SELECT term, df FROM aeo_terms')).rows.map((r) => [r.term, r.df]));
  const tableMb = heap() - before;
  await pool.end();
  const out = { tree: root, loadedMb, answeredMb, terms: df.size, tableTerms: whole.size, tableMb, ms, askMs: median(times), againMs: median(again) };
  await s.close();
  await rm(tmp, { recursive: true, force: true });
  return out;
}

async function main(): Promise<void> {
  const size = Number(get('--size') ?? 10_000);
  const embeddings = new SifEmbeddings(await loadWinkVectors(CACHE_DIR, silentLogger()));
  const tmp = await mkdtemp(join(tmpdir(), 'aeo-mem-idx-'));
  const base = (await new IndexStore(tmp, KNOWLEDGE, embeddings, silentLogger()).ensure()).chunks;
  // The real knowledge once (its glossary, FAQ and programme pages are what a replica holds), then synthetic pages
  // up to `size`, ordinary guidance (not held): a large corpus's curated part does not grow with it.
  const own = base.filter((c) => c.kind !== 'registry');
  const extra = synthesizeChunks(base, Math.max(0, size - own.length)).map((c) => ({
    ...c, kind: c.kind === 'registry' ? c.kind : 'page' as const, topics: c.topics.filter((t) => t !== 'programme'),
  }));
  const chunks = [...own, ...extra];
  const vectors = await embeddings.embedDocuments(chunks.map(embeddingText));
  const dev = await readDevSet().catch(() => []);
  const queries = benchQueries(dev.map((d) => d.question), base, Number(get('--queries') ?? 60));
  const server = await startPglite({ dataDir: join(tmp, 'pg') });
  const pool = new pg.Pool({ connectionString: server.url, max: 2 });
  try {
    await migrate(pool, await readMigrations(join(REPO, 'migrations')), silentLogger());
    const byFile = new Map<string, number[]>();
    chunks.forEach((c, i) => byFile.set(c.file, [...(byFile.get(c.file) ?? []), i]));
    await inTransaction(pool, async (client) => {
      const center = mean(vectors.filter((v) => v.some((x) => x !== 0)), embeddings.dims);
      await createIndexMeta(client, embeddings, center);
      for (const [file, idx] of byFile) {
        const f = chunks[idx[0]!]!;
        const meta: DocMeta = { title: f.title, sources: f.sources, jurisdictions: f.jurisdictions, topics: f.topics, language: f.language, kind: f.kind };
        await insertFile(client, { file: { rel: file, hash: 'bench' }, meta, chunks: idx.map((i) => chunks[i]!), vectors: idx.map((i) => vectors[i]!) }, center, embeddings.dims);
      }
      await finishUpdate(client, { buildMs: 0, skipped: [], registry: null });
    });
    const { rows } = await pool.query<{ n: number; t: number }>('SELECT (SELECT count(*)::int FROM aeo_chunks) AS n, (SELECT count(*)::int FROM aeo_terms) AS t');
    process.stderr.write(`${rows[0]!.n} chunks, ${rows[0]!.t} terms in aeo_terms\n`);
    // Each tree `--repeat` times, alternating (heap figures move by a few hundred kB from run to run).
    const once = [...(get('--before') ? [resolve(get('--before')!)] : []), REPO];
    const trees = Array.from({ length: Number(get('--repeat') ?? 1) }, () => once).flat();
    const results: Held[] = [];
    for (const tree of trees) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', TSX_LOADER, join(REPO, 'bench/postgres-memory.ts'),
        '--replica', tree, '--url', server.url, '--queries-json', JSON.stringify(queries)], { maxBuffer: 1 << 24 });
      results.push(JSON.parse(stdout) as Held);
      process.stderr.write(`${stdout}\n`);
    }
    process.stdout.write(`${JSON.stringify({ size, chunks: rows[0]!.n, termRows: rows[0]!.t, queries: queries.length, results }, null, 2)}\n`);
  } finally {
    await pool.end();
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

if (get('--replica')) {
  void replica(get('--replica')!, get('--url')!, JSON.parse(get('--queries-json') ?? '[]') as string[])
    .then((r) => process.stdout.write(JSON.stringify(r)));
} else {
  void main();
}
