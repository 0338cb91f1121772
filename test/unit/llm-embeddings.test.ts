import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge-base.js';
import type { KnowledgeIndex } from '../../src/search/retriever.js';
import { EMBED_DIMS, startFakeLlm, type FakeLlmServer } from '../helpers/fake-llm-servers.js';
import { fixtureServices } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';
import { QUESTION } from '../helpers/fake-llm-answers.js';

type Services = Awaited<ReturnType<typeof fixtureServices>>;

let fake: FakeLlmServer;
let offline: Services;

beforeAll(async () => {
  fake = await startFakeLlm();
  offline = await fixtureServices();
  await offline.refresh();
});
afterAll(async () => {
  await fake?.stop();
  await offline?.cleanup();
});
beforeEach(() => fake.reset());

const providers = (): [string, Record<string, string>, string, string][] => [
  ['openai', { EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'fake-embed', EMBEDDINGS_BASE_URL: `${fake.url}/v1` }, 'openai:fake-embed', '/v1/embeddings'],
  ['azure', { EMBEDDINGS_PROVIDER: 'azure', LLM_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: fake.url, AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME: 'emb' }, 'azure:emb', '/openai/deployments/emb/embeddings'],
  ['ollama', { EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'nomic-fake', EMBEDDINGS_BASE_URL: fake.url }, 'ollama:nomic-fake', '/api/embed'],
];

/** Services over remote embeddings for one test, cleaned up after it. */
async function withServices(env: Record<string, string>, test: (s: Services) => Promise<void>): Promise<void> {
  const s = await fixtureServices(env);
  try {
    await test(s);
  } finally {
    await s.cleanup();
  }
}

describe('remote embeddings', () => {
  it.each([0, 1, 2])('provider #%i builds the index, names itself in the manifest, and answers', async (i) => {
    const [, env, id, path] = providers()[i]!;
    await withServices(env, async (s) => {
      const index = await s.refresh();
      expect(index.manifest.embedder).toEqual({ id, dims: EMBED_DIMS });
      expect(fake.requests.filter((r) => r.path === path).length).toBeGreaterThan(0);
      const a = await s.engine.answer(QUESTION);
      expect(a).toMatchObject({ kind: 'retrieval', declined: false });
      expect(a.citations[0]?.source).toBe('programmes/pe-oea.md');
      // The question was embedded remotely too.
      expect(fake.requests.at(-1)?.path).toBe(path);
    });
  });

  it('a change of embedder rebuilds the index, both ways', async () => {
    const tmp = await tempDir();
    const [, remoteEnv] = providers()[0]!;
    const open = async (env: Record<string, string>) => {
      let seen: { index: KnowledgeIndex; mismatch: boolean } | undefined;
      await withServices({ INDEX_DIR: join(tmp.dir, 'index'), ...env }, async (s) => {
        seen = { index: await s.refresh(), mismatch: s.logs.records.some((r) => r.code === 'INDEX_MISMATCH') };
      });
      if (!seen) throw new Error('no index');
      return seen;
    };
    try {
      const local = await open({});
      expect(local.index.manifest.embedder.id).toMatch(/^sif-/);
      const remote = await open(remoteEnv);
      expect(remote).toMatchObject({ mismatch: true, index: { manifest: { embedder: { id: 'openai:fake-embed', dims: EMBED_DIMS } } } });
      expect((await open(remoteEnv)).mismatch).toBe(false);
      const back = await open({});
      expect(back.mismatch).toBe(true);
      expect(back.index.manifest.embedder).toEqual(local.index.manifest.embedder);
    } finally {
      await tmp.cleanup();
    }
  });

  it('scores sentences exactly as the offline answerer does', async () => {
    const cosine = (kb: KnowledgeBase | undefined, a: string, b: string) => {
      if (!kb) throw new Error('no knowledge base');
      const [x, y] = [kb.semantic.embed(a), kb.semantic.embed(b)];
      return x.reduce((dot, v, d) => dot + v * (y[d] ?? 0), 0);
    };
    await withServices(providers()[0]![1], async (s) => {
      await s.refresh();
      const pairs = [[QUESTION, 'Peru admits international freight forwarders.'], ['AEO benefits', 'Fewer physical inspections of cargo.'], ['MRA', 'weather tomorrow']] as const;
      for (const [a, b] of pairs) expect(cosine(s.engine.knowledgeBase, a, b)).toBeCloseTo(cosine(offline.engine.knowledgeBase, a, b), 5);
      expect(Array.from(s.engine.knowledgeBase?.semantic.embed('qzxqzxqzx xqjzvxqjz') ?? [1]).every((x) => x === 0)).toBe(true);
    });
  });

  it('answers from BM25 alone while the embeddings provider fails, and says so in the log', async () => {
    await withServices(providers()[0]![1], async (s) => {
      await s.refresh();
      fake.failEmbeddings = true;
      // A question for free retrieval (a facet question is read from its page section, with no search).
      const a = await s.engine.answer('Peru OEA SUNAT national customs and tax administration');
      expect(a.citations[0]?.source).toBe('programmes/pe-oea.md');
      expect(s.logs.records.some((r) => r.level === 'warn' && r.msg === 'question embedding failed; searching with BM25 only')).toBe(true);
    });
  });

  it('does not build while the provider is down, and builds once it is back', async () => {
    await withServices(providers()[2]![1], async (s) => {
      fake.failEmbeddings = true;
      await expect(s.refresh()).rejects.toMatchObject({ code: 'EMBEDDINGS_UNAVAILABLE', message: expect.stringContaining('ollama:nomic-fake') });
      expect(s.engine.ready).toBe(false);
      fake.failEmbeddings = false;
      expect((await s.refresh()).manifest.embedder.id).toBe('ollama:nomic-fake');
      expect(s.engine.ready).toBe(true);
    });
  });
});
