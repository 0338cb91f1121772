import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';

/** What an operator relies on: metrics, the admin reindex, readiness when the knowledge breaks, a graceful stop. */
const TOKEN = 'admin-token-0123456789';
let svc: RunningService;

const ask = (question: string, base = svc.base) =>
  fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
const reindex = (token?: string) => fetch(`${svc.base}/admin/reindex`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
const metric = async (name: string, labels = ''): Promise<number | undefined> => {
  const text = await (await fetch(`${svc.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : undefined;
};

beforeAll(async () => {
  // One test client sends 20 questions at once (answered during a reindex): its in-flight share is raised for that.
  svc = await startFixtureService({ env: { ADMIN_TOKEN: TOKEN, METRICS_TOKEN: TOKEN, HTTP_MAX_ANSWERS_PER_CLIENT: '32', HTTP_MAX_ANSWERS_IN_FLIGHT: '32' } });
});
afterAll(() => svc?.close());

describe('metrics', () => {
  it('counts answers by channel and kind, declines, errors, latency, feedback and the index', async () => {
    await ask('What is an AEO?');
    await ask('What is the capital of Mongolia in the year 3000?');
    await ask('');
    await svc.state.feedback.record({ at: new Date().toISOString(), channel: 'slack', userId: 'U1', answerId: 'a1', question: 'q', helpful: true });
    const res = await fetch(`${svc.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^aeo_answers_total\{channel="http",kind="(retrieval|curated)",language="en"\} [1-9]/m);
    expect(text).toMatch(/^aeo_declines_total\{channel="http"\} [1-9]/m);
    expect(text).toMatch(/^aeo_answer_errors_total\{channel="http",code="QUESTION_EMPTY"\} 1$/m);
    expect(text).toMatch(/^aeo_answer_duration_seconds_count\{channel="http",kind="\w+"\} [1-9]/m);
    expect(text).toMatch(/^aeo_feedback_total\{channel="slack",rating="helpful"\} 1$/m);
    expect(await metric('aeo_index_chunks')).toBe(svc.engine.knowledgeBase!.chunkCount);
    expect(await metric('aeo_index_builds_total', 'result="ok"')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^aeo_process_resident_memory_bytes /m);
  });
});

describe('request ids', () => {
  it('gives every response an x-request-id, keeping a sane one from the caller', async () => {
    const own = await fetch(`${svc.base}/healthz`, { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(own.headers.get('x-request-id')).toBe('lb-1234.abc');
    const odd = await fetch(`${svc.base}/healthz`, { headers: { 'x-request-id': 'x'.repeat(300) } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await ask('What is an AEO?');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('POST /admin/reindex', () => {
  it('refuses a missing or wrong token with 401', async () => {
    expect((await reindex()).status).toBe(401);
    const wrong = await reindex('not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('rebuilds changed files and swaps the index in while questions keep being answered', async () => {
    const before = (await (await ask('What is the Zanzibar Trusted Trader pilot?')).json()) as { declined: boolean };
    expect(before.declined).toBe(true);
    await writeFile(join(svc.knowledgeDir, 'zanzibar.md'), [
      '---', 'title: Zanzibar Trusted Trader pilot', 'sources:', '  - test fixture', 'jurisdictions: [TZ]', 'topics: [programme]', 'language: en', 'updated: 2026-01-01', '---', '',
      '# Zanzibar Trusted Trader pilot', '', '## Overview', '',
      'The Zanzibar Trusted Trader pilot is a fictional test programme that admits freight forwarders after a premises audit.', '',
    ].join('\n'));
    // Questions in flight during the rebuild are all answered.
    const during = Array.from({ length: 20 }, () => ask('What is an AEO?'));
    const res = await reindex(TOKEN);
    const statuses = (await Promise.all(during)).map((r) => r.status);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, reason: 'admin' });
    expect(statuses.every((s) => s === 200)).toBe(true);
    const after = (await (await ask('What is the Zanzibar Trusted Trader pilot?')).json()) as { declined: boolean; citations: { source: string }[] };
    expect(after.declined).toBe(false);
    expect(after.citations.map((c) => c.source)).toContain('zanzibar.md');
  });

  it('serialises concurrent requests: each gets a build that started after it', async () => {
    const results = await Promise.all([reindex(TOKEN), reindex(TOKEN), reindex(TOKEN)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});

describe('the knowledge folder vanishing', () => {
  it('keeps answering from the last index, reports it in readiness and logs, and recovers when it returns', async () => {
    const moved = `${svc.knowledgeDir}-away`;
    await rename(svc.knowledgeDir, moved);
    try {
      const res = await reindex(TOKEN);
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'KNOWLEDGE_MISSING' } });
      const ready = await (await fetch(`${svc.base}/readyz`)).json();
      expect(ready).toMatchObject({ status: 'degraded', error: { code: 'KNOWLEDGE_MISSING' } });
      expect((await ask('What is an AEO?')).status).toBe(200);
      expect(svc.logs.records.some((r) => r.level === 'error' && /index build failed/.test(r.msg))).toBe(true);
    } finally {
      await rename(moved, svc.knowledgeDir);
    }
    expect((await reindex(TOKEN)).status).toBe(200);
    expect(await (await fetch(`${svc.base}/readyz`)).json()).toMatchObject({ status: 'ready' });
  });
});

describe('graceful stop', () => {
  it('finishes a request in flight, refuses new connections, then closes', async () => {
    const own = await startFixtureService();
    const real = own.engine.answer.bind(own.engine);
    // A slow answer stands in for an LLM call in flight.
    vi.spyOn(own.engine, 'answer').mockImplementation(async (q, c) => {
      await new Promise((r) => setTimeout(r, 400));
      return real(q, c);
    });
    const inFlight = ask('What is an AEO?', own.base);
    await new Promise((r) => setTimeout(r, 100));
    const stopped = own.server.stop(5000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`${own.base}/healthz`)).rejects.toThrow();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { answer: string }).answer).toMatch(/Authorized Economic Operator/);
    await stopped;
    await own.close();
  });
});
