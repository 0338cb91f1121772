import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pgDriver from 'pg';
import type { KnowledgeBase } from '../../src/core/knowledge-base.js';
import { isExternalIndex } from '../../src/search/retriever.js';
import { startFakeLlm, type FakeLlmServer } from '../helpers/fake-llm-servers.js';
import { QUESTION } from '../helpers/fake-llm-answers.js';
import { startPglite, type PgliteServer } from '../helpers/pglite-server.js';
import { postgresServices, type TestServices } from '../helpers/postgres-services.js';
import { fixtureServices } from '../helpers/services.js';

type Embedded = Awaited<ReturnType<typeof fixtureServices>>;

let fake: FakeLlmServer;
let db: PgliteServer;
let remoteEmbedded: Embedded;
let offline: Embedded;
let pg: TestServices;

const remoteEnv = () => ({ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'fake-embed', EMBEDDINGS_BASE_URL: `${fake.url}/v1` });

beforeAll(async () => {
  fake = await startFakeLlm();
  db = await startPglite();
  offline = await fixtureServices();
  await offline.refresh();
  remoteEmbedded = await fixtureServices(remoteEnv());
  await remoteEmbedded.refresh();
  pg = await postgresServices(db.url, { KNOWLEDGE_DIR: remoteEmbedded.knowledgeDir, ...remoteEnv() });
  await pg.migrate();
  await pg.index();
});

afterAll(async () => {
  await pg?.cleanup();
  await remoteEmbedded?.cleanup();
  await offline?.cleanup();
  await db?.stop();
  await fake?.stop();
});

const cosine = (kb: KnowledgeBase | undefined, a: string, b: string) => {
  if (!kb) throw new Error('no knowledge base');
  const [x, y] = [kb.semantic.embed(a), kb.semantic.embed(b)];
  return x.reduce((dot, v, d) => dot + v * (y[d] ?? 0), 0);
};

const PAIRS = [
  [QUESTION, 'Peru admits international freight forwarders.'],
  ['AEO benefits', 'Fewer physical inspections of cargo.'],
  ['How long is the certificate valid?', 'The certificate is valid for three years.'],
  ['MRA', 'weather tomorrow'],
] as const;

describe('INDEX_BACKEND=postgres with remote embeddings', () => {
  it('holds only some chunks, yet scores sentences exactly as the offline answerer does', async () => {
    const kb = pg.engine.knowledgeBase!;
    expect(isExternalIndex(kb.index) && kb.index.manifest.embedder.id).toBe('openai:fake-embed');
    // The replica's chunks are the held ones: the local vectors' mean over them is not the corpus mean.
    expect(kb.index.chunks.length).toBeLessThan(remoteEmbedded.engine.knowledgeBase!.index.chunks.length);
    for (const [a, b] of PAIRS) {
      expect(cosine(kb, a, b), `${a} / ${b}`).toBeCloseTo(cosine(offline.engine.knowledgeBase, a, b), 5);
    }
    expect(Array.from(kb.semantic.embed('qzxqzxqzx xqjzvxqjz')).every((x) => x === 0)).toBe(true);
  });

  it('embeds questions remotely and answers as the embedded index with the same embeddings does', async () => {
    // A question for free retrieval (a facet question is read from its page section, with no search).
    const question = 'Peru OEA SUNAT national customs and tax administration';
    const before = fake.requests.length;
    const a = await pg.engine.answer(question, { channel: 'cli' });
    expect(fake.requests.slice(before).map((r) => r.path)).toContain('/v1/embeddings');
    const b = await remoteEmbedded.engine.answer(question, { channel: 'cli' });
    expect(a).toMatchObject({ kind: b.kind, declined: false, answer: b.answer });
    expect(a.citations.map((c) => c.source)).toEqual(b.citations.map((c) => c.source));
  });

  it('an index made before migration 004 is served on the held chunks\' mean, with a warning, until an update fills it', async () => {
    const pool = new pgDriver.Pool({ connectionString: db.url, max: 1 });
    const [a, b] = PAIRS[0];
    try {
      await pool.query('UPDATE aeo_files SET sentence_sum = NULL, sentence_n = NULL');
      await pg.refresh();
      expect(pg.logs.records.some((r) => r.level === 'warn' && String(r.msg).includes('migration 004'))).toBe(true);
      expect(Math.abs(cosine(pg.engine.knowledgeBase, a, b) - cosine(offline.engine.knowledgeBase, a, b))).toBeGreaterThan(1e-4);
      // The next update fills the sums from the stored chunks: no file is ingested or embedded again.
      const update = await pg.postgres!.update();
      expect(update).toMatchObject({ changed: [], removed: [] });
      await pg.refresh();
      expect(cosine(pg.engine.knowledgeBase, a, b)).toBeCloseTo(cosine(offline.engine.knowledgeBase, a, b), 5);
    } finally {
      await pool.end();
    }
  });
});
