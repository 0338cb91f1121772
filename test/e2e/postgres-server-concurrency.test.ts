import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { HashEmbeddings } from '../helpers/hash-embeddings.js';
import { REPO } from '../helpers/paths.js';
import {
  POSTGRES_MISSING, POSTGRES_REQUIRED, realPostgresAvailable, startPostgres, type PostgresServer,
} from '../helpers/postgres-server.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';
import { Lexicon } from '../../src/i18n/lexicon.js';
import type { Chunk } from '../../src/knowledge/types.js';
import { silentLogger } from '../../src/logging/logger.js';
import { documentFrequencies } from '../../src/search/index-store.js';
import { LOCK_INDEX, migrate, readMigrations } from '../../src/search/postgres/migrations.js';
import { PostgresIndexer, type IndexUpdate } from '../../src/search/postgres/postgres-indexer.js';
import { loadSnapshot } from '../../src/search/postgres/postgres-snapshot.js';
import { TermExpander } from '../../src/search/term-expander.js';

/**
 * The indexer's concurrency guarantees on a real PostgreSQL 15 + pgvector, where every connection is its own
 * session (PGlite runs one, so there two indexers or a reader and an indexer never overlap). Each guarantee is
 * checked twice: as shipped, and with its guard taken away (the advisory lock, the transaction), where the same
 * check must catch the damage, so a pass means something.
 */
const RUN = realPostgresAvailable();

let server: PostgresServer;
let tmp: { dir: string; cleanup: () => Promise<void> };
let databases = 0;

beforeAll(async () => {
  tmp = await tempDir();
  // Under POSTGRES_TEST_REQUIRED without a server, the tests below fail (a failed hook would only skip them).
  if (RUN && !POSTGRES_MISSING) server = await startPostgres();
});

it.runIf(POSTGRES_REQUIRED)('CI has PostgreSQL 15 with pgvector to test against', () => {
  expect(POSTGRES_MISSING).toBeUndefined();
});

afterAll(async () => {
  await server?.stop();
  await tmp?.cleanup();
});

type Rewrite = (sql: string) => string;

/**
 * A pool whose connections run `rewrite(sql)` for the SQL they are given (to take one guard out of the indexer),
 * after awaiting `before(sql)` (to widen a window inside an update).
 */
function rewritingPool(pool: pg.Pool, rewrite: Rewrite, before?: (sql: string) => Promise<void>): pg.Pool {
  const wrapClient = (client: pg.PoolClient) => new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') {
        return async (sql: unknown, ...rest: unknown[]) => {
          if (typeof sql !== 'string') return (target.query as (...a: unknown[]) => unknown)(sql, ...rest);
          await before?.(sql);
          return (target.query as (...a: unknown[]) => unknown)(rewrite(sql), ...rest);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return new Proxy(pool, {
    get(target, prop) {
      if (prop === 'connect') return async () => wrapClient(await target.connect());
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const AS_IS = (sql: string) => sql;
const WITHOUT_LOCK = (sql: string) => sql.replace('SELECT pg_advisory_xact_lock($1)', 'SELECT $1::bigint');
const WITHOUT_TRANSACTION = (sql: string) => (/^(BEGIN|COMMIT|ROLLBACK)\b/.test(sql) ? 'SELECT 1' : sql);

/** A fresh database on the server, migrated, with a private copy of the fixture corpus. */
async function scenario(): Promise<{ url: string; pool: pg.Pool; knowledgeDir: string; end(): Promise<void> }> {
  const n = ++databases;
  const url = await server.createDatabase(`concurrency_${n}`);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await migrate(pool, await readMigrations(join(REPO, 'migrations')), silentLogger());
  const knowledgeDir = await copyFixtureKnowledge(join(tmp.dir, String(n)));
  return { url, pool, knowledgeDir, end: () => pool.end() };
}

interface Consistency { chunks: number; listed: number; meta: number; termsMatch: boolean }

/** Whether the stored index adds up: chunks against the files' counts, term counts against the stored chunks. */
async function consistency(pool: pg.Pool): Promise<Consistency> {
  const { rows } = await pool.query<{ chunks: number; listed: number; meta: number }>(
    `SELECT (SELECT count(*)::int FROM aeo_chunks) AS chunks,
            (SELECT coalesce(sum(chunk_count), 0)::int FROM aeo_files) AS listed,
            (SELECT count(*)::int FROM aeo_index_meta) AS meta`);
  const docs = (await pool.query<{ doc: Chunk }>('SELECT doc FROM aeo_chunks')).rows.map((r) => r.doc);
  const terms = (await pool.query<{ term: string; df: number }>('SELECT term, df FROM aeo_terms WHERE df <> 0')).rows
    .map((r): [string, number] => [r.term, r.df]).sort();
  const want = [...documentFrequencies(docs)].sort();
  return { ...rows[0]!, termsMatch: JSON.stringify(terms) === JSON.stringify(want) };
}

/** One index row, chunks as the files list them, term counts as the stored chunks give them. */
async function expectWholeIndex(pool: pg.Pool): Promise<void> {
  const c = await consistency(pool);
  expect(c).toMatchObject({ meta: 1, termsMatch: true });
  expect(c.chunks).toBe(c.listed);
}

describe.skipIf(!RUN)('two indexers on a real PostgreSQL: the advisory lock', () => {
  /**
   * Starts two indexers together, each on its own pool. Whichever embeds first is held until the other is seen
   * waiting on the index lock in pg_locks, or has started embedding too (no lock to wait on): the two are truly
   * concurrent either way, not one after the other by luck of timing.
   */
  async function twoIndexers(pool: pg.Pool, url: string, knowledgeDir: string, rewrite?: Rewrite) {
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: url, max: 2 }));
    const entered = new Set<number>();
    let sawWaiter = false;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => { open = resolve; });
    const deadline = Date.now() + 30_000;
    const watch = (async () => {
      for (;;) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
          [LOCK_INDEX]);
        if (rows[0]!.n > 0) sawWaiter = true;
        if (sawWaiter || entered.size === 2 || Date.now() > deadline) return open();
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const indexers = pools.map((p, i) => {
      const embeddings = Object.assign(new HashEmbeddings(), {
        async embedDocuments(this: HashEmbeddings, texts: string[]) {
          entered.add(i);
          await opened;
          return HashEmbeddings.prototype.embedDocuments.call(this, texts);
        },
      });
      return new PostgresIndexer(rewrite ? rewritingPool(p, rewrite) : p, knowledgeDir, embeddings, silentLogger());
    });
    const results = await Promise.allSettled(indexers.map((x) => x.update()));
    await watch;
    await Promise.all(pools.map((p) => p.end()));
    const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error & { code?: string }] : []));
    return { done, failed, sawWaiter, bothEmbedded: entered.size === 2 };
  }

  const changedSets = (done: IndexUpdate[]) => done.map((u) => u.changed.length).sort((a, b) => a - b);

  it('a first build: one builds, the other waits on the lock, then finds nothing to do', async () => {
    const s = await scenario();
    try {
      const files = (await readdir(s.knowledgeDir, { recursive: true }))
        .filter((f) => /\.(md|txt|html|yaml)$/.test(f)).length;
      const out = await twoIndexers(s.pool, s.url, s.knowledgeDir);
      expect(out.failed).toEqual([]);
      expect(out.sawWaiter).toBe(true);
      expect(out.bothEmbedded).toBe(false);
      expect(changedSets(out.done)).toEqual([0, files]);
      expect(out.done.map((u) => u.generation).sort()).toEqual([1, 1]);
      await expectWholeIndex(s.pool);
    } finally {
      await s.end();
    }
  }, 120_000);

  it('an edited file: one re-embeds it, the other waits, then finds nothing to do', async () => {
    const s = await scenario();
    try {
      await new PostgresIndexer(s.pool, s.knowledgeDir, new HashEmbeddings(), silentLogger()).update();
      const note = 'Workshop note: the Zanzibar pilot audits premises once a year.\n';
      await writeFile(join(s.knowledgeDir, 'workshop-note.txt'), note);
      const out = await twoIndexers(s.pool, s.url, s.knowledgeDir);
      expect(out.failed).toEqual([]);
      expect(out.sawWaiter).toBe(true);
      expect(out.done.map((u) => u.changed).sort()).toEqual([[], ['workshop-note.txt']]);
      await expectWholeIndex(s.pool);
    } finally {
      await s.end();
    }
  }, 120_000);

  it('the same first build with the lock taken out: both build at once, and the conflict shows', async () => {
    const s = await scenario();
    try {
      const out = await twoIndexers(s.pool, s.url, s.knowledgeDir, WITHOUT_LOCK);
      // Nothing queued them: both were inside their transactions, embedding, at the same time.
      expect(out.sawWaiter).toBe(false);
      expect(out.bothEmbedded).toBe(true);
      const c = await consistency(s.pool);
      const bothApplied = out.done.length === 2 && out.done.every((u) => u.changed.length > 0);
      const broken = c.meta !== 1 || !c.termsMatch || c.chunks !== c.listed;
      // A unique violation or deadlock (one indexer's work thrown away), or both applying, or a broken index.
      expect({ failed: out.failed.map((e) => e.code), bothApplied, broken })
        .not.toEqual({ failed: [], bothApplied: false, broken: false });
    } finally {
      await s.end();
    }
  }, 120_000);
});

/** One version of a search-only page (not held by replicas): every section names the edition and a rare term. */
const page = (edition: string, sections: number) => [
  '---', 'title: Zanzibarian bonded warehouse audits', 'sources:', '  - test fixture', 'jurisdictions: [TZ]',
  'topics: [security]', 'language: en', 'updated: 2026-01-01', '---', '', '# Zanzibarian bonded warehouse audits', '',
  ...Array.from({ length: sections }, (_, i) => [
    `## Audit step ${i + 1}`, '',
    `Edition ${edition}: zanzibarian auditors check bonded warehouse seals, step ${i + 1} of ${sections}.`, '',
  ]).flat(),
].join('\n');

const FILE = 'zanzibar-audits.md';
/** However loaded the machine: checked every few milliseconds, with a deadline far beyond any update. */
const WAIT = { timeout: 60_000, interval: 10 };
const QUERY = 'zanzibarian bonded warehouse audits';

/** What one search saw: the database generation it ran at and the editions of the file's chunks among its hits. */
interface Seen { started: number; generation: number; editions: string[] }

describe.skipIf(!RUN)('a reader during an update on a real PostgreSQL: the transaction', () => {
  /**
   * Indexes version alpha (3 sections), then edits the file to beta (5 sections) and deletes it, each update with
   * a slow embedder (a wide window inside the update), while two readers search in a loop with the real retriever.
   * Returns every search's view, the generations of the three states and when the deletion was committed.
   */
  async function readDuringUpdates(rewrite?: Rewrite) {
    const s = await scenario();
    try {
      const target = join(s.knowledgeDir, FILE);
      await writeFile(target, page('alpha', 3));
      const fast = new HashEmbeddings();
      const g0 = (await new PostgresIndexer(s.pool, s.knowledgeDir, fast, silentLogger()).update()).generation;
      const slow = Object.assign(new HashEmbeddings(), {
        async embedDocuments(this: HashEmbeddings, texts: string[]) {
          await new Promise((r) => setTimeout(r, 400));
          return HashEmbeddings.prototype.embedDocuments.call(this, texts);
        },
      });
      const writerPool = new pg.Pool({ connectionString: s.url, max: 2 });
      // Held before the new generation is recorded: every row is written, nothing committed yet.
      const beforeCommit = async (sql: string) => {
        const recording = sql.trimStart().startsWith('UPDATE aeo_index_meta SET generation');
        if (recording) await new Promise((r) => setTimeout(r, 300));
      };
      const writes = rewritingPool(writerPool, rewrite ?? AS_IS, beforeCommit);
      const indexer = new PostgresIndexer(writes, s.knowledgeDir, slow, silentLogger());
      const seen: Seen[] = [];
      let stop = false;
      const reader = async () => {
        const pool = new pg.Pool({ connectionString: s.url, max: 1 });
        let stale: number | undefined;
        const snapshot = await loadSnapshot(pool, {
          embedder: fast, textSearch: { extension: null, ranking: 'postings-bm25' }, onStale: (g) => { stale = g; },
        });
        const retriever = snapshot.retriever({ embedder: fast, expander: new TermExpander([], Lexicon.empty()) });
        try {
          while (!stop) {
            stale = undefined;
            const started = performance.now();
            const hits = await retriever.search(QUERY, { k: 20, language: 'en' });
            seen.push({
              started, generation: stale ?? snapshot.backend.generation,
              editions: hits.filter((h) => h.chunk.file === FILE)
                .map((h) => /Edition (\w+)/.exec(h.chunk.text)?.[1] ?? '?'),
            });
          }
        } finally {
          await pool.end();
        }
      };
      const readers = [reader(), reader()];
      // When each update ran; each state is searched before the next update starts.
      const updates: [number, number][] = [];
      const update = async () => {
        const from = performance.now();
        const { generation } = await indexer.update();
        updates.push([from, performance.now()]);
        await expect.poll(() => seen.filter((v) => v.started > updates.at(-1)![1]).length, WAIT).toBeGreaterThan(2);
        return generation;
      };
      let g1 = -1;
      let g2 = -1;
      try {
        await expect.poll(() => seen.length, WAIT).toBeGreaterThan(2);
        await writeFile(target, page('beta', 5));
        g1 = await update();
        await rm(target);
        g2 = await update();
      } finally {
        stop = true;
        await Promise.all(readers);
        await writerPool.end();
      }
      return { seen, g0, g1, g2, updates, deleted: updates[1]![1] };
    } finally {
      await s.end();
    }
  }

  /** The views that are neither the whole old index nor the whole new one, at the generation they ran at. */
  function halfBuilt(out: Awaited<ReturnType<typeof readDuringUpdates>>): Seen[] {
    const whole: Record<number, string> = {
      [out.g0]: 'alpha,alpha,alpha', [out.g1]: 'beta,beta,beta,beta,beta', [out.g2]: '',
    };
    return out.seen.filter((v) => whole[v.generation] !== [...v.editions].sort().join(','));
  }

  it('sees the whole old or the whole new index, never a mix; a deleted file is gone once committed', async () => {
    const out = await readDuringUpdates();
    expect([out.g1, out.g2]).toEqual([out.g0 + 1, out.g0 + 2]);
    // The readers searched while each update was under way (held 300-700 ms), and in all three states.
    for (const [from, to] of out.updates) expect(out.seen.some((v) => v.started > from && v.started < to)).toBe(true);
    expect(new Set(out.seen.map((v) => v.generation))).toEqual(new Set([out.g0, out.g1, out.g2]));
    expect(halfBuilt(out)).toEqual([]);
    const after = out.seen.filter((v) => v.started > out.deleted);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((v) => v.editions.length > 0)).toEqual([]);
  }, 120_000);

  it('with the transaction taken out, the same readers catch half-built states', async () => {
    const out = await readDuringUpdates(WITHOUT_TRANSACTION);
    expect(halfBuilt(out).length).toBeGreaterThan(0);
  }, 120_000);
});
