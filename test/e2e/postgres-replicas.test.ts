import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startPglite } from '../helpers/pglite-server.js';
import { realPostgresAvailable, startPostgres } from '../helpers/postgres-server.js';
import { postgresServices, type TestServices } from '../helpers/postgres-services.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';
import { isExternalIndex } from '../../src/search/retriever.js';

/** The shared database: PGlite over a socket (one session), and a real server where sessions truly overlap. */
interface Database { url: string; stop(): Promise<void> }
const SERVERS: { name: string; run: boolean; start(): Promise<Database> }[] = [
  { name: 'PGlite behind a loopback socket', run: true, start: startPglite },
  { name: 'a real PostgreSQL 15 + pgvector', run: realPostgresAvailable(), start: startPostgres },
];

for (const srv of SERVERS) describe.skipIf(!srv.run)(`on ${srv.name}`, () => {
  let db: Database;
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let writer: TestServices;
  let reader: TestServices;
  let knowledgeDir: string;

  const QUESTION = 'What is the Zanzibar Trusted Trader pilot?';
  const ZANZIBAR = [
    '---', 'title: Zanzibar Trusted Trader pilot', 'sources:', '  - test fixture', 'jurisdictions: [TZ]', 'topics: [programme]',
    'language: en', 'updated: 2026-01-01', '---', '', '# Zanzibar Trusted Trader pilot', '', '## Overview', '',
    'The Zanzibar Trusted Trader pilot is a fictional test programme that admits freight forwarders after a premises audit.', '',
  ].join('\n');

  beforeAll(async () => {
    db = await srv.start();
    tmp = await tempDir();
    knowledgeDir = await copyFixtureKnowledge(tmp.dir);
    // The reader's own folder is a stale copy: were it to index, it would undo the writer's changes.
    const readerDir = join(tmp.dir, 'reader');
    await copyFixtureKnowledge(readerDir);
    writer = await postgresServices(db.url, { KNOWLEDGE_DIR: knowledgeDir, INDEX_WRITER: 'true', INDEX_POLL_MS: '100' });
    reader = await postgresServices(db.url, { KNOWLEDGE_DIR: join(readerDir, 'knowledge'), INDEX_POLL_MS: '100' });
    await writer.migrate();
    await writer.refresh();
    await reader.refresh();
  });

  afterAll(async () => {
    await writer?.cleanup();
    await reader?.cleanup();
    await db?.stop();
    await tmp?.cleanup();
  });

  const generation = (s: TestServices) => {
    const index = s.engine.knowledgeBase?.index;
    return index && isExternalIndex(index) ? index.backend.generation : -1;
  };

  /**
   * Waits until a condition holds, however loaded the machine: checked every few milliseconds, no fixed delay, and a
   * deadline far beyond any reload (the test's own timeout is longer still).
   */
  const WAIT = { timeout: 90_000, interval: 20 };

  /** Waits until the reader has reloaded (by its own polling) the generation the writer just committed. */
  async function readerCaughtUp(): Promise<void> {
    const want = generation(writer);
    expect(want).toBeGreaterThan(0);
    await expect.poll(() => generation(reader), WAIT).toBe(want);
  }

  const ask = (s: TestServices) => s.engine.answer(QUESTION, { channel: 'cli' });

  describe('two replicas sharing one database', () => {
    it('a file added through the writer is answered by both replicas', async () => {
      expect((await ask(writer)).declined).toBe(true);
      expect((await ask(reader)).declined).toBe(true);
      await writeFile(join(knowledgeDir, 'zanzibar.md'), ZANZIBAR);
      expect(await writer.reindexer.run('admin')).toMatchObject({ ok: true });
      // The reader's retrieval reads the database on every question: the new passage is found before any reload.
      const hits = await reader.engine.knowledgeBase!.retriever.search(QUESTION, { k: 3, language: 'en' });
      expect(hits[0]?.chunk.file).toBe('zanzibar.md');
      await readerCaughtUp();
      for (const s of [writer, reader]) {
        const a = await ask(s);
        expect(a.declined).toBe(false);
        expect(a.citations.map((c) => c.source)).toContain('zanzibar.md');
      }
    }, 180_000);

    it('a file edited through the writer is answered from its new text by both replicas', async () => {
      await writeFile(join(knowledgeDir, 'zanzibar.md'), ZANZIBAR.replace('after a premises audit', 'after a quarterly warehouse inspection'));
      expect(await writer.reindexer.run('admin')).toMatchObject({ ok: true });
      await readerCaughtUp();
      for (const s of [writer, reader]) {
        const a = await ask(s);
        expect(a.declined).toBe(false);
        expect(a.answer).toContain('quarterly warehouse inspection');
        expect(a.answer).not.toContain('premises audit');
      }
    }, 180_000);

    it("a reader's reindex only reloads: its stale folder never overwrites the shared index", async () => {
      const before = generation(writer);
      expect(await reader.reindexer.run('admin')).toMatchObject({ ok: true });
      expect(generation(reader)).toBe(before);
      expect(reader.engine.knowledgeBase!.index.manifest.files['zanzibar.md']).toBeDefined();
    }, 120_000);

    it('a file deleted through the writer is cited by neither replica', async () => {
      // The reader answers in a loop across the deletion: none of its answers asked after the commit cites the file.
      const asked: { started: number; cites: boolean }[] = [];
      let deleted = Infinity;
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          const started = performance.now();
          asked.push({ started, cites: (await ask(reader)).citations.some((c) => c.source === 'zanzibar.md') });
          // An answer from held pages needs no I/O: a turn for the timers (the reader's generation poll) and sockets.
          await new Promise((r) => setImmediate(r));
        }
      })();
      await expect.poll(() => asked.length, WAIT).toBeGreaterThan(2);
      await rm(join(knowledgeDir, 'zanzibar.md'));
      try {
        expect(await writer.reindexer.run('admin')).toMatchObject({ ok: true });
        deleted = performance.now();
        await expect.poll(() => asked.filter((a) => a.started > deleted).length, WAIT).toBeGreaterThan(2);
      } finally {
        stop = true;
        await loop;
      }
      expect(asked[0]!.cites).toBe(true);
      expect(asked.filter((a) => a.started > deleted && a.cites)).toEqual([]);
      // Even before the reader reloads, the database no longer returns the deleted file's passages.
      const hits = await reader.engine.knowledgeBase!.retriever.search(QUESTION, { k: 8, language: 'en' });
      expect(hits.some((h) => h.chunk.file === 'zanzibar.md')).toBe(false);
      await readerCaughtUp();
      for (const s of [writer, reader]) {
        const a = await ask(s);
        expect(a.citations.map((c) => c.source)).not.toContain('zanzibar.md');
        expect(s.engine.knowledgeBase!.index.chunks.some((c) => c.file === 'zanzibar.md')).toBe(false);
      }
    }, 180_000);
  });

  describe('a reader started before the database holds an index', () => {
    it('is not ready, then loads the index once another process has built it', async () => {
      const empty = await srv.start();
      const early = await postgresServices(empty.url, { KNOWLEDGE_DIR: knowledgeDir, INDEX_POLL_MS: '100' });
      const indexer = await postgresServices(empty.url, { KNOWLEDGE_DIR: knowledgeDir });
      try {
        await indexer.migrate();
        expect(await early.reindexer.run('start')).toMatchObject({ ok: false, error: { code: 'NOT_READY' } });
        expect(early.engine.knowledgeBase).toBeUndefined();
        await indexer.index();
        await expect.poll(() => early.engine.knowledgeBase?.chunkCount, WAIT).toBe(indexer.engine.knowledgeBase!.chunkCount);
      } finally {
        await early.cleanup();
        await indexer.cleanup();
        await empty.stop();
      }
    }, 240_000);

    it('INDEX_BACKEND=postgres without DATABASE_URL is refused with a message saying what to set', async () => {
      await expect(postgresServices('', {})).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('DATABASE_URL') });
    });
  });
});
