import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, parseEvalFile, type EvalItem } from '../../src/eval/run-eval.js';
import { HELD_OUT_FOLDS, inFolds, loadBank } from '../../src/eval/bank.js';
import { startPglite, type PgliteServer } from '../helpers/pglite-server.js';
import { postgresServices, type TestServices } from '../helpers/postgres-services.js';
import { shippedServices } from '../helpers/services.js';
import { REPO } from '../helpers/paths.js';
import type { Services } from '../../src/main.js';
import { isExternalIndex } from '../../src/search/retriever.js';

/** The dev set lives beside the checkout on developers' machines only (CI's clean clone has no ../shared). */
const DEV_SET = join(REPO, '..', 'shared', 'eval', 'dev.jsonl');

let embedded: Services & { cleanup: () => Promise<void> };
let items: EvalItem[];
let embeddedRun: ReturnType<typeof evaluate> | undefined;

beforeAll(async () => {
  embedded = await shippedServices();
  await embedded.refresh();
  const dev = existsSync(DEV_SET) ? parseEvalFile(readFileSync(DEV_SET, 'utf8')) : [];
  const heldOut = inFolds(await loadBank(join(REPO, 'eval', 'bank')), [...HELD_OUT_FOLDS]);
  items = [...dev, ...heldOut];
});

afterAll(async () => {
  await embedded?.cleanup();
});

// Both lexical paths: pg_textsearch picking the candidates the exact BM25 scores, and every posting scored.
describe.each([
  { textSearch: true, ranking: 'pg_textsearch' },
  { textSearch: false, ranking: 'postings-bm25' },
])('the same answers from both backends (database BM25: $ranking)', ({ textSearch, ranking }) => {
  let db: PgliteServer;
  let pg: TestServices;

  beforeAll(async () => {
    db = await startPglite({ textSearch });
    pg = await postgresServices(db.url);
    await pg.migrate();
    await pg.index();
    const index = pg.engine.knowledgeBase!.index;
    expect(isExternalIndex(index) && index.backend.textSearch.ranking).toBe(ranking);
  });

  afterAll(async () => {
    await pg?.cleanup();
    await db?.stop();
  });

  it('decides alike (answer vs decline) on >= 95% of the dev set and held-out bank, with equal or better fact recall', async () => {
    const first = pg.engine.knowledgeBase!;
    const a = await evaluate(pg.engine, items);
    const b = await (embeddedRun ??= evaluate(embedded.engine, items));
    expect(a.rows.length).toBe(items.length);
    expect(items.length).toBeGreaterThan(500);
    const same = a.rows.filter((r, i) => r.declined === b.rows[i]!.declined).length / items.length;
    process.stdout.write(`${ranking}: same decisions ${(same * 100).toFixed(1)}% of ${items.length}, fact recall ` +
      `${a.overall.factRecall.toFixed(3)} (embedded ${b.overall.factRecall.toFixed(3)})\n`);
    expect(same).toBeGreaterThanOrEqual(0.95);
    expect(a.overall.factRecall).toBeGreaterThanOrEqual(b.overall.factRecall);
    // No question failed on the database path (an error is scored as a decline).
    expect(a.rows.filter((r) => r.kind === 'error')).toEqual([]);
    // Term frequencies are read per question: no answer step weighed a term before it was read (a replica may have
    // swapped in a reloaded index during the run, so both are checked).
    for (const kb of new Set([first, pg.engine.knowledgeBase!])) expect(isExternalIndex(kb.index) && kb.index.df.misses).toBe(0);
  }, 600_000);
});
