import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { startPglite, type PgliteServer } from '../helpers/pglite-server.js';
import { postgresServices, type TestServices } from '../helpers/postgres-services.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';
import { isExternalIndex } from '../../src/search/retriever.js';
import type { SearchOptions } from '../../src/search/types.js';

/** A page whose only distinctive words are outside [a-z0-9] once analysed: the bm25 index must keep them whole. */
const CYRILLIC = [
  '---', 'title: Таможенный упрощённый оператор', 'sources:', '  - test fixture', 'jurisdictions: [KZ]',
  'topics: [programme]', 'language: en', 'updated: 2026-01-01', '---', '', '# Таможенный оператор', '', '## Обзор', '',
  'Уполномоченный экономический оператор: таможня проверяет склад.', '',
].join('\n');

interface Side { db: PgliteServer; svc: TestServices; pool: pg.Pool }

let tmp: { dir: string; cleanup: () => Promise<void> };
let withExt: Side;
let without: Side;

async function side(textSearch: boolean, knowledgeDir: string): Promise<Side> {
  const db = await startPglite({ textSearch });
  const svc = await postgresServices(db.url, { KNOWLEDGE_DIR: knowledgeDir });
  await svc.migrate();
  await svc.index();
  return { db, svc, pool: new pg.Pool({ connectionString: db.url, max: 1 }) };
}

beforeAll(async () => {
  tmp = await tempDir();
  const knowledgeDir = await copyFixtureKnowledge(tmp.dir);
  await writeFile(join(knowledgeDir, 'kazakhstan.md'), CYRILLIC);
  withExt = await side(true, knowledgeDir);
  without = await side(false, knowledgeDir);
});

afterAll(async () => {
  for (const s of [withExt, without]) {
    await s?.pool.end();
    await s?.svc.cleanup();
    await s?.db.stop();
  }
  await tmp?.cleanup();
});

const backend = (s: Side) => {
  const index = s.svc.engine.knowledgeBase!.index;
  return isExternalIndex(index) ? index.backend : undefined;
};

const QUERIES: [string, SearchOptions][] = [
  ['What are the benefits of AEO?', { k: 8, language: 'en' }],
  ['Can a freight forwarder become an AEO?', { k: 8, language: 'en', jurisdiction: 'PE' }],
  ['mutual recognition arrangement', { k: 5, language: 'en', filters: { topics: ['mra'] } }],
  ['таможня склад', { k: 3, language: 'en' }],
];

describe('the lexical channel with and without pg_textsearch', () => {
  it('detects the extension at start: the bm25 index picks candidates with it, every posting is scored without', async () => {
    expect(backend(withExt)?.textSearch).toEqual({ extension: 'pg_textsearch', ranking: 'pg_textsearch' });
    expect(backend(without)?.textSearch).toEqual({ extension: null, ranking: 'postings-bm25' });
    const bm25Index = "SELECT to_regclass('aeo_chunks_bm25') IS NOT NULL AS made";
    expect((await withExt.pool.query(bm25Index)).rows[0]).toEqual({ made: true });
    expect((await without.pool.query(bm25Index)).rows[0]).toEqual({ made: false });
  });

  it('ranks alike on both paths: the candidates are scored by the same exact BM25', async () => {
    for (const [q, opts] of QUERIES) {
      const a = await withExt.svc.engine.knowledgeBase!.retriever.search(q, opts);
      const b = await without.svc.engine.knowledgeBase!.retriever.search(q, opts);
      expect(a.length, q).toBeGreaterThan(0);
      expect(a.map((h) => [h.chunk.id, h.bm25Rank]), q).toEqual(b.map((h) => [h.chunk.id, h.bm25Rank]));
      a.forEach((h, i) => expect(h.score).toBeCloseTo(b[i]!.score, 9));
    }
    // Terms outside [a-z0-9] (Cyrillic here) reach the bm25 index whole: the page is found on the lexical channel.
    const hits = await withExt.svc.engine.knowledgeBase!.retriever.withMode('bm25').search('таможня склад', { k: 3, language: 'en' });
    expect(hits[0]?.chunk.file).toBe('kazakhstan.md');
  });

  it('serves hits from the database rows, not from a copy held by the replica', async () => {
    // A replica that has loaded the index but answered nothing yet (its cache of recent hits is empty).
    const reader = await postgresServices(withExt.db.url, { KNOWLEDGE_DIR: join(tmp.dir, 'knowledge') });
    await reader.refresh();
    // Changed behind the replica's back (an indexer never rewrites a row, it inserts new ones): the hit shows it.
    await withExt.pool.query("UPDATE aeo_chunks SET doc = json_build_object('id', doc->>'id', 'file', doc->>'file', 'title', 'Marked', " +
      "'headings', doc->'headings', 'text', 'marked row', 'lineStart', doc->'lineStart', 'lineEnd', doc->'lineEnd', " +
      "'language', doc->'language', 'jurisdictions', doc->'jurisdictions', 'topics', doc->'topics', 'kind', doc->'kind', " +
      "'sources', doc->'sources') WHERE file = 'kazakhstan.md'");
    try {
      const hits = await reader.engine.knowledgeBase!.retriever.search('таможня склад', { k: 3, language: 'en' });
      expect(hits.find((h) => h.chunk.file === 'kazakhstan.md')?.chunk.text).toBe('marked row');
    } finally {
      await reader.cleanup();
    }
  });
});
