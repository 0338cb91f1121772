import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { shippedServices } from '../helpers/services.js';
import { startPglite, type PgliteServer } from '../helpers/pglite-server.js';
import { postgresServices, type TestServices } from '../helpers/postgres-services.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';
import { readinessRoute } from '../../src/channels/http/readiness-route.js';
import { PostgresIndexer } from '../../src/search/postgres/postgres-indexer.js';
import { SifEmbeddings } from '../../src/embeddings/sif-embeddings.js';
import { memoryLogger } from '../../src/logging/logger.js';
import type { Services } from '../../src/main.js';
import type { SearchOptions } from '../../src/search/types.js';
import type { Chunk } from '../../src/knowledge/types.js';
import { CountryResolver } from '../../src/mra/country-resolver.js';
import { coversJurisdiction } from '../../src/responders/programme-pages.js';
import { documentFrequencies } from '../../src/search/index-store.js';
import { loadSnapshot } from '../../src/search/postgres/postgres-snapshot.js';
import { fileCovers, isHeld } from '../../src/search/postgres/replica-facts.js';
import { isExternalIndex } from '../../src/search/retriever.js';
import { TermExpander } from '../../src/search/term-expander.js';
import { Lexicon } from '../../src/i18n/lexicon.js';

let db: PgliteServer;
let svc: TestServices;
let embedded: Services & { cleanup: () => Promise<void> };
let pool: pg.Pool;

beforeAll(async () => {
  db = await startPglite();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  svc = await postgresServices(db.url);
  embedded = await shippedServices();
  await embedded.refresh();
});

afterAll(async () => {
  await svc?.cleanup();
  await embedded?.cleanup();
  await pool?.end();
  await db?.stop();
});

/** aeo_terms as [term, df] pairs. */
const termTable = async (p: pg.Pool) => (await p.query<{ term: string; df: number }>('SELECT term, df FROM aeo_terms')).rows
  .map((r): [string, number] => [r.term, r.df]);

const QUERIES: [string, SearchOptions][] = [
  ['Can a freight forwarder become an AEO in Peru?', { k: 8, language: 'en', jurisdiction: 'PE' }],
  ['What are the benefits of AEO?', { k: 8, language: 'en' }],
  ['beneficios del OEA en Colombia', { k: 8, language: 'es', jurisdiction: 'CO', filters: { languages: ['es', 'en'] } }],
  ['Quels sont les avantages de l\'OEA ?', { k: 8, language: 'fr', filters: { languages: ['fr'] } }],
  ['mutual recognition arrangement Japan', { k: 5, language: 'en', filters: { topics: ['mra'] } }],
  ['security requirements premises', { k: 8, language: 'en', filters: { jurisdictions: ['MX'] } }],
];

describe('INDEX_BACKEND=postgres over the wire (PGlite behind a loopback socket, the pg driver)', () => {
  it('refuses to start before migrations, saying what to run; migrate is idempotent', async () => {
    await expect(svc.refresh()).rejects.toMatchObject({ code: 'NOT_READY', message: expect.stringContaining('bin/aeo-bot migrate') });
    expect(await svc.migrate()).toEqual(['001_init', '002_bm25_candidates', '003_replica_facts', '004_sentence_centre']);
    expect(await svc.migrate()).toEqual([]);
    await expect(svc.refresh()).rejects.toMatchObject({ code: 'NOT_READY', message: expect.stringContaining('bin/aeo-bot index') });
  });

  it('indexes the bundled knowledge: the same chunks, files, registry, term counts and covered jurisdictions', async () => {
    const index = await svc.index();
    const own = embedded.engine.knowledgeBase!.index;
    // A replica holds only the chunks the answer steps read whole, in the embedded index's order.
    expect(index.chunks.map((c) => c.id)).toEqual(own.chunks.filter(isHeld).map((c) => c.id));
    expect(index.chunks.length).toBeLessThan(own.chunks.length);
    expect(index.manifest.chunkCount).toBe(own.chunks.length);
    const resolver = new CountryResolver();
    const mentions = (text: string) => resolver.find(text).map((m) => m.code);
    expect(isExternalIndex(index) && [...index.covered].sort()).toEqual(fileCovers(own.chunks, mentions));
    for (const code of ['PE', 'CO', 'JP', 'TZ', 'ZW', 'IS']) {
      const kb = svc.engine.knowledgeBase!;
      expect(coversJurisdiction(kb, code, mentions), code).toBe(coversJurisdiction(embedded.engine.knowledgeBase!, code, mentions));
    }
    expect(Object.keys(index.manifest.files).sort()).toEqual(Object.keys(own.manifest.files).sort());
    expect(index.registry?.arrangements.length).toBe(own.registry?.arrangements.length);
    expect((await termTable(pool)).sort()).toEqual([...(own.df as Map<string, number>).entries()].sort());
  }, 120_000);

  it('reads term frequencies per question: a replica holds the FAQ questions\' and recently asked terms, weighed alike', async () => {
    const table = (await termTable(pool)).length;
    const questions = ['Can a freight forwarder become an AEO in Peru?', '¿Cuántos OEA certificados tiene Colombia?',
      'Combien de temps dure la validation OEA au Maroc ?', 'zanzibarian quarterly audits of bonded warehouses'];
    for (const q of questions) {
      // The knowledge base that answers (the replica may swap in a reloaded one between questions).
      const kb = svc.engine.knowledgeBase!;
      const index = kb.index;
      if (!isExternalIndex(index)) throw new Error('not a database index');
      // Before the question: the FAQ questions' terms (the curated answers weigh them on every ask) and those of
      // the questions asked since the load, not aeo_terms whole.
      expect(index.df.size, q).toBeLessThan(table / 4);
      const a = await svc.engine.answer(q, { channel: 'cli' });
      const b = await embedded.engine.answer(q, { channel: 'cli' });
      expect(a.answer, q).toBe(b.answer);
      expect(kb.weights.queryTerms(q, a.language), q).toEqual(embedded.engine.knowledgeBase!.weights.queryTerms(q, a.language));
      // Every term the answer steps weighed was read before it was weighed.
      expect(index.df.misses, q).toBe(0);
    }
  });

  it('retrieves what the embedded index retrieves, with the same BM25 scores and similarities, under filters', async () => {
    const pgRetriever = svc.engine.knowledgeBase!.retriever;
    const emRetriever = embedded.engine.knowledgeBase!.retriever;
    for (const [q, opts] of QUERIES) {
      const [a, b] = await Promise.all([pgRetriever.search(q, opts), emRetriever.search(q, opts)]);
      expect(a.length, q).toBeGreaterThan(0);
      expect(a.map((h) => h.chunk.id), q).toEqual(b.map((h) => h.chunk.id));
      a.forEach((h, i) => {
        const e = b[i]!;
        expect(h.score).toBeCloseTo(e.score, 6);
        if (e.bm25Score !== undefined) expect(h.bm25Score).toBeCloseTo(e.bm25Score, 4);
        if (e.vectorSimilarity !== undefined) expect(h.vectorSimilarity).toBeCloseTo(e.vectorSimilarity, 4);
      });
      for (const h of a) {
        if (opts.filters?.languages) expect(opts.filters.languages).toContain(h.chunk.language);
        if (opts.filters?.topics) expect(h.chunk.topics.some((t) => opts.filters!.topics!.includes(t))).toBe(true);
        if (opts.filters?.jurisdictions) expect(h.chunk.jurisdictions).toContain('MX');
      }
    }
    // One channel at a time, as the bench and diagnostics use it.
    const lexical = await pgRetriever.withMode('bm25').search('AEO benefits', { k: 5, language: 'en' });
    expect(lexical.every((h) => h.vectorRank === undefined && h.bm25Rank !== undefined)).toBe(true);
    const semantic = await pgRetriever.withMode('vector').search('AEO benefits', { k: 5, language: 'en' });
    expect(semantic.every((h) => h.bm25Rank === undefined && h.vectorRank !== undefined)).toBe(true);
    // pgvector's settings were set on the connection (PGlite has one session, so this pool sees them too).
    expect((await pool.query('SHOW hnsw.iterative_scan')).rows[0]).toEqual({ 'hnsw.iterative_scan': 'strict_order' });
  });

  it('answers through the unchanged engine, and /readyz names the backend and its text search', async () => {
    const a = await svc.engine.answer('Can a freight forwarder become an AEO in Peru?', { channel: 'cli' });
    const b = await embedded.engine.answer('Can a freight forwarder become an AEO in Peru?', { channel: 'cli' });
    expect(a.declined).toBe(false);
    expect(a.answer).toBe(b.answer);
    let body: unknown;
    const res = { status: () => res, json: (v: unknown) => { body = v; } };
    readinessRoute(svc, () => false)({} as never, res as never, () => undefined);
    expect(body).toMatchObject({ status: 'ready', index: { backend: 'postgres', textSearch: { extension: 'pg_textsearch', ranking: 'pg_textsearch' } } });
  });

  it('refuses an index built by another embedder, saying what to run; --rebuild re-embeds', async () => {
    await pool.query("UPDATE aeo_index_meta SET embedder_id = 'other-embedder', dims = 7");
    await expect(svc.refresh()).rejects.toMatchObject({ code: 'INDEX_MISMATCH', message: expect.stringContaining('bin/aeo-bot index --rebuild') });
    await expect(svc.index()).rejects.toMatchObject({ code: 'INDEX_MISMATCH' });
    const rebuilt = await svc.index({ rebuild: true });
    expect(rebuilt.manifest.embedder.id).not.toBe('other-embedder');
    expect(rebuilt.manifest.chunkCount).toBe(embedded.engine.knowledgeBase!.chunkCount);
  }, 120_000);
});

describe('the incremental indexer', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let knowledgeDir: string;
  let indexer: PostgresIndexer;
  let other: PostgresIndexer;
  let otherPool: pg.Pool;
  const embeddings = () => svc.store['embeddings' as never] as unknown as SifEmbeddings;

  beforeAll(async () => {
    tmp = await tempDir();
    knowledgeDir = await copyFixtureKnowledge(tmp.dir);
    await pool.query('DELETE FROM aeo_files; DELETE FROM aeo_index_meta; DELETE FROM aeo_terms; DELETE FROM aeo_field_df');
    indexer = new PostgresIndexer(pool, knowledgeDir, embeddings(), memoryLogger());
    otherPool = new pg.Pool({ connectionString: db.url, max: 2 });
    other = new PostgresIndexer(otherPool, knowledgeDir, embeddings(), memoryLogger());
  });
  afterAll(async () => {
    await otherPool?.end();
    await tmp?.cleanup();
  });

  const state = async () => (await pool.query<{ file: string; hash: string; id: string }>(
    'SELECT f.file, f.hash, c.id::text AS id FROM aeo_files f JOIN aeo_chunks c USING (file) ORDER BY c.id')).rows;

  it('indexes once, then nothing while no file changes', async () => {
    const first = await indexer.update();
    expect(first.changed.length).toBeGreaterThan(3);
    const again = await indexer.update();
    expect(again).toMatchObject({ changed: [], removed: [], generation: first.generation });
  });

  it('re-embeds only a changed file, in one transaction; a failed update leaves the index as it was', async () => {
    const before = await state();
    await writeFile(join(knowledgeDir, 'workshop-note.txt'), 'Workshop note: the Zanzibar pilot audits premises twice a year.\n');
    const failing = new PostgresIndexer(pool, knowledgeDir, Object.assign(Object.create(embeddings()), {
      embedDocuments: async () => { throw new Error('embedder down'); },
    }), memoryLogger());
    await expect(failing.update()).rejects.toThrow('embedder down');
    expect(await state()).toEqual(before);
    const update = await indexer.update();
    expect(update.changed).toEqual(['workshop-note.txt']);
    const after = await state();
    const untouched = (rows: typeof before) => rows.filter((r) => r.file !== 'workshop-note.txt');
    expect(untouched(after)).toEqual(untouched(before));
    expect(after.filter((r) => r.file === 'workshop-note.txt').every((r) => !before.some((b) => b.id === r.id))).toBe(true);
  });

  // PGlite is one session, so here they cannot overlap: postgres-server-concurrency.test.ts contends on a real server.
  it('two indexers at once queue on the advisory lock: one applies the change, the other finds nothing left to do', async () => {
    await writeFile(join(knowledgeDir, 'workshop-note.txt'), 'Workshop note: the Zanzibar pilot audits premises once a year.\n');
    const [a, b] = await Promise.all([indexer.update(), other.update()]);
    expect([a.changed, b.changed].sort()).toEqual([[], ['workshop-note.txt']]);
    const { rows } = await pool.query<{ n: number; m: number }>(
      'SELECT (SELECT count(*)::int FROM aeo_chunks) AS n, (SELECT sum(chunk_count)::int FROM aeo_files) AS m');
    expect(rows[0]!.n).toBe(rows[0]!.m);
  });

  const snapshot = () => loadSnapshot(pool, { embedder: embeddings(), textSearch: { extension: null, ranking: 'postings-bm25' } });
  const storedDf = async () => documentFrequencies((await pool.query<{ doc: Chunk }>('SELECT doc FROM aeo_chunks')).rows.map((r) => r.doc));

  // The per-field document frequencies the pg_textsearch path reads, against a count of the postings.
  const fieldDfMismatches = async () => (await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT term, field, count(*)::int AS df FROM aeo_postings GROUP BY term, field) a
     FULL JOIN (SELECT * FROM aeo_field_df WHERE df > 0) b USING (term, field) WHERE a.df IS DISTINCT FROM b.df`)).rows[0]!.n;

  it('keeps the term counts of every stored chunk (and per BM25 field) through changes and deletions', async () => {
    await writeFile(join(knowledgeDir, 'extra-note.txt'), 'Extra note: quarterly zanzibarian audits of bonded warehouses.\n');
    await indexer.update();
    const added = await termTable(pool);
    expect(added.sort()).toEqual([...(await storedDf())].sort());
    expect(await fieldDfMismatches()).toBe(0);
    await rm(join(knowledgeDir, 'extra-note.txt'));
    await indexer.update();
    const after = await termTable(pool);
    expect(after.length).toBeLessThan(added.length);
    expect(after.sort()).toEqual([...(await storedDf())].sort());
    expect(await fieldDfMismatches()).toBe(0);
  });

  it('a replica holds the same chunks whatever the corpus size: pages beyond the programmes stay in the database', async () => {
    const small = await snapshot();
    const page = (n: number) => [
      '---', `title: Customs circular ${n}`, 'sources:', '  - test fixture', 'jurisdictions: [INT]', 'topics: [security]', 'language: en',
      'updated: 2026-01-01', '---', '', `# Customs circular ${n}`, '',
      ...Array.from({ length: 6 }, (_, s) => [`## Section ${s}`, '', `Circular ${n} section ${s} sets out sealing rules for container ${n * 10 + s}.`, '']).flat(),
    ].join('\n');
    for (let n = 0; n < 60; n++) await writeFile(join(knowledgeDir, `circular-${n}.md`), page(n));
    await indexer.update();
    const big = await snapshot();
    expect(big.manifest.chunkCount).toBeGreaterThan(small.manifest.chunkCount + 200);
    expect(big.chunks.map((c) => c.id)).toEqual(small.chunks.map((c) => c.id));
    // Their passages are still found: hits come from the database rows.
    // (Lexical channel: its exact term '421' decides; the synthetic pages' vectors are nearly alike.)
    const hits = await big.retriever({ embedder: embeddings(), expander: new TermExpander([], Lexicon.empty()) }).withMode('bm25')
      .search('sealing rules container 421', { k: 3, language: 'en' });
    expect(hits[0]?.chunk.file).toBe('circular-42.md');
  });

  it('an index made before migration 003 is refused by readers until an update fills it, embedding nothing again', async () => {
    const before = await snapshot();
    const terms = await termTable(pool);
    await pool.query("UPDATE aeo_files SET covers = NULL; UPDATE aeo_chunks SET held = false; DELETE FROM aeo_terms");
    await expect(snapshot()).rejects.toMatchObject({ code: 'NOT_READY', message: expect.stringContaining('bin/aeo-bot index') });
    const offline = new PostgresIndexer(pool, knowledgeDir, Object.assign(Object.create(embeddings()), {
      embedDocuments: async () => { throw new Error('nothing should be embedded'); },
    }), memoryLogger());
    expect((await offline.update()).changed).toEqual([]);
    const filled = await snapshot();
    expect(filled.chunks.map((c) => c.id)).toEqual(before.chunks.map((c) => c.id));
    expect((await termTable(pool)).sort()).toEqual(terms.sort());
    expect([...filled.covered].sort()).toEqual([...before.covered].sort());
  });
});
