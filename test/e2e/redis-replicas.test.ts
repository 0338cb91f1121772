import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { RedisServer } from '../helpers/redis-server.js';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process.js';
import { eventEnvelope, sendSlack } from '../helpers/slack-requests.js';
import { dm, posts } from '../helpers/slack-service.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';

/**
 * Two service processes (replicas) sharing one real redis-server, as behind a load balancer: Slack retries and
 * eligibility sessions move between replicas; Redis stopping and returning is survived and reported.
 */
const SECRET = 'replica-signing-secret';
let redis: RedisServer;
let api: FakeSlackApi;
let a: ServiceProcess;
let b: ServiceProcess;
let cleanup: () => Promise<void>;

const ask = async (svc: ServiceProcess, question: string, conversationId?: string) => {
  const res = await fetch(`${svc.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, ...(conversationId ? { conversationId } : {}) }) });
  return { status: res.status, body: (await res.json()) as { answer: string; kind: string; data?: { step?: string } } };
};
const readyz = async (svc: ServiceProcess) => (await fetch(`${svc.base}/readyz`)).json() as Promise<{ status: string; state?: { up: boolean } }>;
const until = async (cond: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  const tmp = await tempDir();
  const knowledge = await copyFixtureKnowledge(tmp.dir);
  // Its own redis-server, since this test stops and restarts it.
  redis = await RedisServer.start();
  api = new FakeSlackApi();
  await api.start();
  const env = (name: string) => ({
    KNOWLEDGE_DIR: knowledge, INDEX_DIR: `${tmp.dir}/index-${name}`, FEEDBACK_FILE: `${tmp.dir}/feedback-${name}.jsonl`,
    REDIS_URL: redis.url, REDIS_KEY_PREFIX: `t${Date.now()}:`, METRICS_TOKEN: 'metrics-token-0123456789',
    SLACK_BOT_TOKEN: 'xoxb-replicas', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl,
  });
  const shared = env('x');
  [a, b] = await Promise.all([startServiceProcess({ ...env('a'), REDIS_KEY_PREFIX: shared.REDIS_KEY_PREFIX }), startServiceProcess({ ...env('b'), REDIS_KEY_PREFIX: shared.REDIS_KEY_PREFIX })]);
  cleanup = tmp.cleanup;
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')]);
  await api?.stop();
  await redis?.stop();
  await cleanup?.();
});

describe('two replicas sharing Redis', () => {
  it('answers a Slack event once when its retry is delivered to the other replica', async () => {
    const m = dm('UREPLICA1', 'What is an MRA?');
    const body = eventEnvelope(m, 'EvReplica1');
    expect((await sendSlack(a.base, SECRET, body)).status).toBe(200);
    expect((await sendSlack(b.base, SECRET, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await api.waitFor(() => posts(api, m.channel).length >= 1);
    // A marker answered by replica B proves B has processed everything sent to it before.
    const marker = dm('UREPLICA2', 'What is an AEO?');
    await sendSlack(b.base, SECRET, eventEnvelope(marker));
    await api.waitFor(() => posts(api, marker.channel).length === 1);
    expect(posts(api, m.channel)).toHaveLength(1);
  });

  it('continues an eligibility check started on one replica on the other', async () => {
    expect((await ask(a, 'check my eligibility', 'replica-conv')).body.data?.step).toBe('business');
    expect((await ask(b, 'importer', 'replica-conv')).body.data?.step).toBe('country');
    expect((await ask(a, 'Peru', 'replica-conv')).body.data?.step).toBe('compliance');
  });

  it('keeps answering while Redis is down, says so in readiness and logs, and recovers when it returns', async () => {
    expect((await readyz(a)).status).toBe('ready');
    await redis.stop();
    await until(async () => (await readyz(a)).status === 'degraded');
    expect((await readyz(a)).state?.up).toBe(false);
    await a.waitForLog((l) => /Redis unreachable/.test(String(l.msg)));
    const during = await ask(a, 'What is an MRA?');
    expect(during.status).toBe(200);
    expect(during.body.answer).toMatch(/mutual recognition/i);
    // A Slack event during the outage is still answered (by the replica's own dedupe).
    const m = dm('UREPLICA3', 'What is an MRA?');
    expect((await sendSlack(a.base, SECRET, eventEnvelope(m))).status).toBe(200);
    await api.waitFor(() => posts(api, m.channel).length === 1);

    await redis.start();
    await until(async () => (await readyz(a)).status === 'ready' && (await readyz(b)).status === 'ready');
    await a.waitForLog((l) => l.msg === 'Redis connected' && a.logs.indexOf(l) > a.logs.findIndex((x) => /Redis unreachable/.test(String(x.msg))));
    // Shared again: a session started on B continues on A.
    expect((await ask(b, 'check my eligibility', 'after-outage')).body.data?.step).toBe('business');
    expect((await ask(a, 'carrier', 'after-outage')).body.data?.step).toBe('country');
    const metrics = await (await fetch(`${a.base}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).text();
    expect(metrics).toMatch(/^aeo_state_up 1$/m);
  }, 60_000);

  it('stops gracefully on SIGTERM: exit code 0 after closing its connections', async () => {
    const code = await b.kill('SIGTERM');
    expect(code).toBe(0);
    expect(b.logs.some((l) => l.msg === 'stopped')).toBe(true);
  });
});
