import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { brokenJson, oddString, prng, rawRequest, wrongType, type RawResponse, type Rng } from '../helpers/fuzz.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { eventEnvelope, sign } from '../helpers/slack-requests.js';

/**
 * Every HTTP entry point gets >= 10,000 generated bad inputs (seeded, replayable): the server never answers 5xx,
 * never crashes, refuses clearly bad input with 4xx, and keeps answering good questions in between.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20260929);
const CASES = 10_000;
const SECRET = 'fuzz-signing-secret';
const TOKEN = 'fuzz-admin-token-0123456789';

interface Case { name: string; method: string; path: string; headers: Record<string, string>; body?: string | Buffer; bad: boolean }

const JSON_CT = { 'content-type': 'application/json' };
const now = () => Math.floor(Date.now() / 1000);
const signed = (body: string, ct = 'application/json', ts = now()) => ({ 'content-type': ct, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SECRET, ts, body) });

function askCase(r: Rng): Case {
  const base = { method: 'POST', path: '/api/ask', bad: true };
  return r.pick<() => Case>([
    () => ({ ...base, name: 'ask: broken JSON', headers: JSON_CT, body: brokenJson(r) }),
    () => ({ ...base, name: 'ask: not an object', headers: JSON_CT, body: JSON.stringify(wrongType(r)) }),
    () => ({ ...base, name: 'ask: question of the wrong type', headers: JSON_CT, body: JSON.stringify({ question: wrongType(r) }) }),
    () => ({ ...base, name: 'ask: bad language', headers: JSON_CT, body: JSON.stringify({ question: 'What is an AEO?', language: r.next() < 0.5 ? oddString(r, 5) : wrongType(r) }) }),
    () => ({ ...base, name: 'ask: bad conversationId', headers: JSON_CT, body: JSON.stringify({ question: 'What is an AEO?', conversationId: r.next() < 0.5 ? 'x'.repeat(201 + r.int(500)) : wrongType(r) }) }),
    () => ({ ...base, name: 'ask: too long', headers: JSON_CT, body: JSON.stringify({ question: 'a'.repeat(1001 + r.int(20_000)) }) }),
    () => ({ ...base, name: 'ask: huge body', headers: JSON_CT, body: `{"question":"${'b'.repeat(70_000 + r.int(200_000))}"}` }),
    () => ({ ...base, name: 'ask: empty or blank', headers: JSON_CT, body: r.pick(['', '{}', '{"question":""}', '{"question":"   \\n\\t "}']) }),
    () => ({ ...base, name: 'ask: odd content encoding', headers: { ...JSON_CT, 'content-encoding': r.pick(['gzip', 'br', 'x-nope']) }, body: Buffer.from(oddString(r)) }),
    () => ({ ...base, name: 'ask: odd charset', headers: { 'content-type': `application/json; charset=${r.pick(['ebcdic', 'x-unknown', 'latin-9x'])}` }, body: '{"question":"hi"}' }),
    () => ({ ...base, name: 'ask: wrong method', method: r.pick(['GET', 'PUT', 'DELETE', 'PATCH']), headers: {}, body: undefined }),
    // Odd but well-formed questions are valid input: any non-5xx answer is fine.
    () => ({ ...base, name: 'ask: odd unicode question', headers: JSON_CT, body: JSON.stringify({ question: oddString(r, 80) }), bad: false }),
  ])();
}

function slackCase(r: Rng): Case {
  const base = { method: 'POST', path: '/slack/events', bad: true };
  return r.pick<() => Case>([
    () => ({ ...base, name: 'slack: unsigned', headers: JSON_CT, body: eventEnvelope({ type: 'message', text: oddString(r) }) }),
    () => { const body = brokenJson(r); return { ...base, name: 'slack: forged signature', headers: { ...JSON_CT, 'x-slack-request-timestamp': String(now()), 'x-slack-signature': `v0=${'0'.repeat(64)}` }, body }; },
    () => { const body = '{}'; return { ...base, name: 'slack: odd timestamp', headers: { ...JSON_CT, 'x-slack-request-timestamp': r.pick(['abc', '-1', '1e10', '', oddString(r, 4).replace(/[^\x20-\x7e]/g, 'x'), String(now() - 301), String(now() + 9999)]), 'x-slack-signature': sign(SECRET, now(), body) }, body }; },
    () => { const body = brokenJson(r); return { ...base, name: 'slack: signed broken JSON', headers: signed(body), body }; },
    () => { const body = JSON.stringify(wrongType(r)); return { ...base, name: 'slack: signed non-object', headers: signed(body), body }; },
    () => { const body = JSON.stringify({ type: r.pick(['nope', '', 'event_callback']), event: wrongType(r) }); return { ...base, name: 'slack: signed unknown shape', headers: signed(body), body }; },
    () => { const body = new URLSearchParams({ payload: brokenJson(r) }).toString(); return { ...base, name: 'slack: signed broken payload', headers: signed(body, 'application/x-www-form-urlencoded'), body }; },
    () => { const body = new URLSearchParams({ [oddString(r, 5)]: oddString(r) }).toString(); return { ...base, name: 'slack: signed unknown form', headers: signed(body, 'application/x-www-form-urlencoded'), body }; },
    () => { const body = `{"x":"${'c'.repeat(1_100_000)}"}`; return { ...base, name: 'slack: huge body', headers: signed(body), body }; },
    () => ({ ...base, name: 'slack: no headers at all', headers: {}, body: oddString(r) }),
  ])();
}

function teamsCase(r: Rng): Case {
  const base = { method: 'POST', path: '/api/messages', bad: true };
  return r.pick<() => Case>([
    () => ({ ...base, name: 'teams: broken JSON', headers: JSON_CT, body: brokenJson(r) }),
    () => ({ ...base, name: 'teams: not an activity', headers: JSON_CT, body: JSON.stringify(r.next() < 0.5 ? wrongType(r) : { type: wrongType(r), text: oddString(r) }) }),
    () => ({ ...base, name: 'teams: activity missing parts', headers: JSON_CT, body: JSON.stringify({ type: 'message', text: oddString(r), ...(r.next() < 0.5 ? { serviceUrl: oddString(r, 10) } : {}), ...(r.next() < 0.5 ? { conversation: wrongType(r) } : {}) }) }),
    () => ({ ...base, name: 'teams: huge body', headers: JSON_CT, body: `{"type":"message","text":"${'d'.repeat(300_000 + r.int(300_000))}"}` }),
  ])();
}

function adminCase(r: Rng): Case {
  return r.pick<() => Case>([
    () => ({ name: 'admin: no token', method: 'POST', path: '/admin/reindex', headers: {}, bad: true }),
    () => ({ name: 'admin: wrong token', method: 'POST', path: '/admin/reindex', headers: { authorization: r.pick([`Bearer ${oddString(r, 20).replace(/[^\x21-\x7e]/g, 'x')}`, 'Basic YTpi', 'Bearer', TOKEN, `bearer ${TOKEN}x`]) }, bad: true }),
    // GET /admin/ is the editors' sign-in page (issue 21), so the unknown routes are below it.
    () => ({ name: 'admin: unknown route', method: r.pick(['GET', 'POST', 'DELETE']), path: `/admin/${r.pick(['x', 'reindex/1', '..%2f'])}`, headers: { authorization: `Bearer ${TOKEN}` }, bad: true }),
    () => ({ name: 'unknown path', method: r.pick(['GET', 'POST']), path: `/${r.pick(['api', 'api/askx', 'slack', '.env', 'metricsx', '%ff'])}`, headers: {}, bad: true }),
  ])();
}

let svc: RunningService;
let api: FakeSlackApi;
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

beforeAll(async () => {
  api = new FakeSlackApi();
  await api.start();
  svc = await startFixtureService({
    channels: true,
    env: { SLACK_BOT_TOKEN: 'xoxb-fuzz', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl, TEAMS_ALLOW_UNAUTHENTICATED: 'true', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent',
      // One client sends every case, 16 at a time: input handling is tested here, the limits in hardening-http.
      ASK_RATE_LIMIT_PER_MINUTE: '100000', HTTP_MAX_ANSWERS_PER_CLIENT: '64', HTTP_MAX_ANSWERS_IN_FLIGHT: '64' },
  });
});
afterAll(async () => {
  agent.destroy();
  await svc?.close();
  await api?.stop();
});

describe(`fuzzing the HTTP entry points (seed ${SEED})`, () => {
  it(`answers ${CASES} bad inputs with 4xx, never 5xx, and keeps answering good questions`, async () => {
    const r = prng(SEED);
    const cases: Case[] = [];
    for (let i = 0; i < CASES; i++) cases.push(r.pick([askCase, askCase, slackCase, slackCase, teamsCase, adminCase])(r));
    const failures: string[] = [];
    const byName = new Map<string, number>();
    let good = 0;
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const i = next++;
        const c = cases[i]!;
        byName.set(c.name, (byName.get(c.name) ?? 0) + 1);
        let res: RawResponse;
        try {
          res = await rawRequest(agent, svc.base, c.method, c.path, c.headers, c.body);
        } catch (err) {
          failures.push(`#${i} ${c.name}: request failed: ${(err as Error).message}`);
          continue;
        }
        if (res.status >= 500 || (c.bad && (res.status < 400 || res.status >= 500))) failures.push(`#${i} ${c.name}: ${res.status} ${res.body.slice(0, 200)}`);
        if (i % 200 === 0) {
          const ok = await rawRequest(agent, svc.base, 'POST', '/api/ask', JSON_CT, JSON.stringify({ question: 'What is an AEO?' }));
          if (ok.status === 200 && /Authorized Economic Operator/.test(ok.body)) good++;
          else failures.push(`good question after #${i}: ${ok.status} ${ok.body.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(good).toBe(CASES / 200);
    expect(byName.size).toBeGreaterThanOrEqual(25);
    expect((await fetch(`${svc.base}/healthz`)).status).toBe(200);
  }, 300_000);
});
