import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/answer.js';
import { fixtureServices } from '../helpers/services.js';
import { llmEnv, startFakeLlm, type ChatProvider, type FakeLlmServer, type RecordedRequest, type ScriptedReply } from '../helpers/fake-llm-servers.js';
import { QUESTION, GOOD, AS_OF, lastFallback } from '../helpers/fake-llm-answers.js';

type Services = Awaited<ReturnType<typeof fixtureServices>>;

const PROVIDERS: ChatProvider[] = ['openai', 'openai-compatible', 'azure', 'anthropic', 'ollama'];

let fake: FakeLlmServer;
let offline: Services;
let extractive: Answer;

beforeAll(async () => {
  fake = await startFakeLlm();
  offline = await fixtureServices();
  await offline.refresh();
  extractive = await offline.engine.answer(QUESTION);
});
afterAll(async () => {
  await fake?.stop();
  await offline?.cleanup();
});

/** "Title > Section" of each numbered passage the model was given, in order. */
function passagesOf(req: RecordedRequest | undefined): string[] {
  return [...(req?.user ?? '').matchAll(/^\[\d+\] (.*?)(?: \(updated [^)]*\))?$/gm)].map((m) => m[1] ?? '');
}

describe.each(PROVIDERS)('model answers through %s', (provider) => {
  let s: Services;
  beforeAll(async () => {
    s = await fixtureServices(llmEnv(fake, provider, { LLM_TIMEOUT_MS: '1500' }));
    await s.refresh();
  });
  afterAll(() => s?.cleanup());
  beforeEach(() => fake.reset());

  it('gives a good answer with its citations renumbered to the passages it cites', async () => {
    fake.script({ text: `${GOOD.replace('[1]', '[2]').replace('SUNAT [2]', 'SUNAT [1]')}` });
    const a = await s.engine.answer(QUESTION);
    const given = passagesOf(fake.chats[0]);
    expect(given.length).toBeGreaterThan(1);
    // The model cited passage 2 first: it becomes citation [1].
    expect(a.answer).toBe(`${GOOD}${AS_OF}`);
    expect(a.citations.map((c) => `${c.title} > ${c.section}`)).toEqual([given[1], given[0]]);
    expect(a).toMatchObject({ kind: 'retrieval', declined: false, language: 'en', confidence: extractive.confidence, followUps: extractive.followUps });
    expect(lastFallback(s.logs)).toBeUndefined();
  });

  it('sends the rules first, then the passages and the question', async () => {
    fake.script({ text: GOOD });
    await s.engine.answer(QUESTION);
    const req = fake.chats[0];
    expect(req?.roles).toEqual(['system', 'user']);
    expect(req?.system).toMatch(/^You are aeo-bot\./);
    expect(req?.user).toContain(`<question>\n${QUESTION}\n</question>`);
    expect(req?.stream).toBe(provider === 'ollama');
  });

  it('streams the answer as it is written, with the final numbers', async () => {
    fake.script({ text: GOOD });
    const tokens: string[] = [];
    const a = await s.engine.answer(QUESTION, { onToken: (t) => tokens.push(t) });
    expect(fake.chats[0]?.stream).toBe(true);
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.join('')).toBe(GOOD);
    expect(a.answer).toBe(`${GOOD}${AS_OF}`);
  });

  const fallbacks: [string, ScriptedReply, string][] = [
    ['cites a passage it was not given', { text: 'Forwarders can apply [1]. Fees are waived for them [7].' }, 'unknown_citation'],
    ['answers with nothing', { text: '' }, 'empty'],
    ['answers without any citation', { text: 'Yes, freight forwarders can become AEOs in Peru.' }, 'no_citation'],
    ['is too slow', { delayMs: 2500, text: GOOD }, 'timeout'],
    ['is rate limited (429)', { status: 429 }, 'rate_limited'],
    ['fails (500)', { status: 500 }, 'provider_error'],
    ['sends malformed JSON', { raw: '{"choices": [{"message": ' }, provider === 'ollama' ? 'provider_error' : 'malformed_response'],
  ];
  it.each(fallbacks)('gives the extractive answer unchanged when the model %s', async (_, reply, reason) => {
    fake.script(reply);
    const started = Date.now();
    expect(await s.engine.answer(QUESTION)).toEqual(extractive);
    expect(lastFallback(s.logs)).toBe(reason);
    expect(Date.now() - started).toBeLessThan(2300);
  });

  it('gives the extractive answer when a stream is malformed', async () => {
    const broken = { ollama: '{"message": {"content": "Yes [1\n', anthropic: 'event: content_block_delta\ndata: {"type": "content_block_delta", "delta": \n\n' };
    fake.script({ raw: provider === 'ollama' || provider === 'anthropic' ? broken[provider] : 'data: {"choices": [{"delta": \n\n' });
    expect(await s.engine.answer(QUESTION, { onToken: () => undefined })).toEqual(extractive);
    expect(lastFallback(s.logs)).toMatch(/^(malformed_response|provider_error)$/);
  });

  it('gives the extractive answer when a stream stalls past the deadline, and shows no text after it', async () => {
    fake.script({ text: GOOD, stallAfter: 4 });
    const tokens: string[] = [];
    expect(await s.engine.answer(QUESTION, { onToken: (t) => tokens.push(t) })).toEqual(extractive);
    expect(lastFallback(s.logs)).toBe('timeout');
    const shown = tokens.length;
    expect(shown).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 800));
    expect(tokens.length).toBe(shown);
  });
});

describe('retries', () => {
  it('retries a 429 and uses the answer of the retry', async () => {
    fake.reset();
    const s = await fixtureServices(llmEnv(fake, 'openai', { LLM_MAX_RETRIES: '1', LLM_TIMEOUT_MS: '8000' }));
    try {
      await s.refresh();
      fake.script({ status: 429 }, { text: GOOD });
      const a = await s.engine.answer(QUESTION);
      expect(fake.chats).toHaveLength(2);
      expect(a.answer).toBe(`${GOOD}${AS_OF}`);
    } finally {
      await s.cleanup();
    }
  });
});
