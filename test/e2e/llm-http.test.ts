import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/answer.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { llmEnv, startFakeLlm, type FakeLlmServer } from '../helpers/fake-llm-servers.js';
import { QUESTION, GOOD, AS_OF } from '../helpers/fake-llm-answers.js';

const METRICS = 'metrics-token-0123456789';
const auth = { headers: { authorization: `Bearer ${METRICS}` } };
let fake: FakeLlmServer;
let svc: RunningService;
let offline: RunningService;

beforeAll(async () => {
  fake = await startFakeLlm();
  [svc, offline] = await Promise.all([startFixtureService({ env: llmEnv(fake, 'openai-compatible', { LLM_TIMEOUT_MS: '1500', METRICS_TOKEN: METRICS }) }), startFixtureService()]);
});
afterAll(async () => {
  await svc?.close();
  await offline?.close();
  await fake?.stop();
});
beforeEach(() => fake.reset());

const post = (base: string, path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface StreamEvent { event: string; data: unknown }

/** The server-sent events of a response, in order. */
async function events(res: Response): Promise<StreamEvent[]> {
  const text = await res.text();
  return text.split('\n\n').filter(Boolean).map((frame) => ({
    event: /^event: (.*)$/m.exec(frame)?.[1] ?? '',
    data: JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null') as unknown,
  }));
}

const tokensOf = (evs: StreamEvent[]) => evs.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text);

describe('web chat API with a chat model', () => {
  it('says that answers stream', async () => {
    expect(await (await fetch(`${svc.base}/api/capabilities`)).json()).toEqual({ streaming: true });
    expect(await (await fetch(`${offline.base}/api/capabilities`)).json()).toEqual({ streaming: false });
  });

  it('POST /api/ask gives the model answer as one JSON', async () => {
    fake.script({ text: GOOD });
    const a = (await (await post(svc.base, '/api/ask', { question: QUESTION })).json()) as Answer;
    expect(a.answer).toBe(`${GOOD}${AS_OF}`);
    expect(fake.chats[0]?.stream).toBe(false);
  });

  it('POST /api/ask/stream sends the text as it is written, then the final answer', async () => {
    fake.script({ text: GOOD });
    const res = await post(svc.base, '/api/ask/stream', { question: QUESTION, conversationId: 'sse-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const evs = await events(res);
    expect(tokensOf(evs).length).toBeGreaterThan(5);
    expect(tokensOf(evs).join('')).toBe(GOOD);
    expect(evs.map((e) => e.event).filter((e) => e !== 'token')).toEqual(['answer']);
    const final = evs.at(-1)?.data as Answer;
    expect(final.answer).toBe(`${GOOD}${AS_OF}`);
    expect(final.citations.map((c) => c.n)).toEqual([1, 2]);
    expect(fake.chats[0]?.stream).toBe(true);
  });

  it('ends with the extractive answer when the model stalls mid-stream', async () => {
    const extractive = await (await post(offline.base, '/api/ask', { question: QUESTION })).json();
    fake.script({ text: GOOD, stallAfter: 4 });
    const evs = await events(await post(svc.base, '/api/ask/stream', { question: QUESTION }));
    expect(tokensOf(evs).length).toBeGreaterThan(0);
    expect(evs.at(-1)).toEqual({ event: 'answer', data: extractive });
  });

  it('streams structured answers and declines as one answer event, without the model', async () => {
    for (const question of ['Which MRAs has Peru signed?', 'Can you write me a poem about cats?']) {
      const expected = await (await post(offline.base, '/api/ask', { question })).json();
      expect(await events(await post(svc.base, '/api/ask/stream', { question }))).toEqual([{ event: 'answer', data: expected }]);
    }
    expect(fake.chats).toHaveLength(0);
  });

  it('without a chat model the stream route gives the same answer as /api/ask', async () => {
    const expected = await (await post(offline.base, '/api/ask', { question: QUESTION })).json();
    expect(await events(await post(offline.base, '/api/ask/stream', { question: QUESTION }))).toEqual([{ event: 'answer', data: expected }]);
  });

  it.each([
    [{}, 400, 'QUESTION_EMPTY'],
    [{ question: null }, 400, 'QUESTION_EMPTY'],
    [[QUESTION], 400, 'BAD_REQUEST'],
    [{ question: 42 }, 400, 'BAD_REQUEST'],
    [{ question: QUESTION, language: 'de' }, 400, 'BAD_REQUEST'],
    [{ question: QUESTION, conversationId: 'x'.repeat(201) }, 400, 'BAD_REQUEST'],
    [{ question: '   ' }, 400, 'QUESTION_EMPTY'],
    [{ question: 'x'.repeat(1001) }, 413, 'QUESTION_TOO_LONG'],
  ])('refuses %j with a JSON error before any event, as /api/ask does', async (body, status, code) => {
    const res = await post(svc.base, '/api/ask/stream', body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    const plain = await post(svc.base, '/api/ask', body);
    expect([plain.status, ((await plain.json()) as { error: { code: string } }).error.code]).toEqual([status, code]);
  });

  it('counts model answers and fallbacks by reason in /metrics', async () => {
    fake.script({ text: GOOD }, { status: 500 }, { text: 'No citations here, sorry about that.' });
    for (let i = 0; i < 3; i++) await post(svc.base, '/api/ask', { question: QUESTION });
    const metrics = await (await fetch(`${svc.base}/metrics`, auth)).text();
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}]/g, '\\$&')} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
    expect(value('aeo_llm_answers_total')).toBeGreaterThanOrEqual(1);
    expect(value('aeo_llm_fallbacks_total{reason="provider_error"}')).toBeGreaterThanOrEqual(1);
    expect(value('aeo_llm_fallbacks_total{reason="no_citation"}')).toBeGreaterThanOrEqual(1);
  });
});

describe('the model timing out', () => {
  it('keeps answering (extractive), says so in readiness and logs, and recovers with the next good answer', async () => {
    const ask = async () => (await (await post(svc.base, '/api/ask', { question: QUESTION })).json()) as Answer;
    const offlineAnswer = await (await post(offline.base, '/api/ask', { question: QUESTION })).json();
    fake.script({ text: GOOD });
    await ask();
    expect(await (await fetch(`${svc.base}/readyz`)).json()).toMatchObject({ status: 'ready', llm: { provider: 'openai-compatible', status: 'ok' } });

    fake.script({ text: GOOD, delayMs: 3000 });
    expect(await ask()).toEqual(offlineAnswer);
    const ready = await (await fetch(`${svc.base}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'degraded', llm: { status: 'failing', lastFailure: { reason: 'timeout' } } });
    expect(svc.logs.records.some((r) => r.reason === 'timeout' && /extractive answer/.test(r.msg))).toBe(true);
    expect(await (await fetch(`${svc.base}/metrics`, auth)).text()).toMatch(/^aeo_llm_fallbacks_total\{reason="timeout"\} [1-9]/m);

    fake.script({ text: GOOD });
    expect((await ask()).answer).toMatch(/^Yes: international freight forwarders can apply/);
    expect(await (await fetch(`${svc.base}/readyz`)).json()).toMatchObject({ status: 'ready', llm: { status: 'ok' } });
  }, 20_000);
});
