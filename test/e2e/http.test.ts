import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';

let svc: RunningService;

beforeAll(async () => {
  svc = await startFixtureService();
});
afterAll(() => svc.close());

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${svc.base}/api/ask`, { method: 'POST', headers, body });

describe('HTTP API over loopback', () => {
  it('POST /api/ask returns an Answer', async () => {
    const res = await post(JSON.stringify({ question: 'Can a freight forwarder become an AEO in Peru?' }));
    expect(res.status).toBe(200);
    const a = await res.json();
    expect(a).toMatchObject({ declined: false, kind: 'retrieval' });
    expect(a.citations[0].source).toBe('programmes/pe-oea.md');
    expect(Array.isArray(a.followUps)).toBe(true);
  });

  it('honours an explicit language', async () => {
    const a = await (await post(JSON.stringify({ question: 'poem about cats', language: 'fr' }))).json();
    expect(a).toMatchObject({ declined: true, language: 'fr' });
  });

  it.each([
    ['malformed JSON', '{"question": ', 400, 'BAD_REQUEST'],
    ['a missing question', '{}', 400, 'QUESTION_EMPTY'],
    ['an empty question', '{"question": "   "}', 400, 'QUESTION_EMPTY'],
    ['a question of the wrong type', '{"question": 42}', 400, 'BAD_REQUEST'],
    ['a JSON array', '[1,2]', 400, 'BAD_REQUEST'],
    ['an oversized question', JSON.stringify({ question: 'a'.repeat(5000) }), 413, 'QUESTION_TOO_LONG'],
    ['an oversized body', JSON.stringify({ question: 'a'.repeat(200_000) }), 413, 'QUESTION_TOO_LONG'],
    ['an unknown language', '{"question": "hi", "language": "de"}', 400, 'BAD_REQUEST'],
  ])('rejects %s with a JSON error', async (_name, body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it('accepts a body sent without a content type', async () => {
    const res = await post(JSON.stringify({ question: 'Who grants AEO status?' }), {});
    expect(res.status).toBe(200);
  });

  it('answers health, readiness, the page, and 404 for unknown routes', async () => {
    expect(await (await fetch(`${svc.base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${svc.base}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).chunks).toBeGreaterThan(5);
    const page = await fetch(`${svc.base}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<form id="ask">');
    expect((await fetch(`${svc.base}/nope`)).status).toBe(404);
  });
});

describe('readiness before the index is loaded', () => {
  it('is live but not ready, and asks get 503 until ready', async () => {
    const cold = await startFixtureService({ ready: false });
    try {
      expect((await fetch(`${cold.base}/healthz`)).status).toBe(200);
      const r = await fetch(`${cold.base}/readyz`);
      expect(r.status).toBe(503);
      expect((await r.json()).status).toBe('loading');
      const ask = await fetch(`${cold.base}/api/ask`, { method: 'POST', body: '{"question":"What is an MRA?"}', headers: { 'content-type': 'application/json' } });
      expect(ask.status).toBe(503);
      await cold.server.ready();
      expect((await fetch(`${cold.base}/readyz`)).status).toBe(200);
    } finally {
      await cold.close();
    }
  });
});

describe('multi-turn over HTTP', () => {
  it('continues an eligibility check by conversationId and keeps conversations apart', async () => {
    const ask = async (question: string, conversationId: string) =>
      (await fetch(`${svc.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, conversationId }) })).json();
    expect((await ask('check my eligibility', 'h1')).data.step).toBe('business');
    expect((await ask('check my eligibility', 'h2')).data.step).toBe('business');
    expect((await ask('importer', 'h1')).data.step).toBe('country');
    expect((await ask('carrier', 'h2')).data.step).toBe('country');
    expect((await ask('Peru', 'h1')).data.step).toBe('compliance');
  });

  it('returns MRA rows as structured data', async () => {
    const a = await (await post(JSON.stringify({ question: 'Does Japan have an MRA with the EU?' }))).json();
    expect(a.kind).toBe('mra');
    expect(a.data.rows[0]).toMatchObject({ id: 'eu-jp', signed: '24 June 2010' });
  });
});
