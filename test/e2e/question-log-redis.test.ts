import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { RedisServer } from '../helpers/redis-server.js';
import { tempDir } from '../helpers/tmp.js';

/** Two replicas sharing one redis-server: the question asked on one and rated on the other is one log record. */
const TOKEN = 'admin-redis-token-0123456789';
let redis: RedisServer;
let a: RunningService;
let b: RunningService;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  tmp = await tempDir();
  redis = await RedisServer.start();
  const env = (name: string) => ({
    REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'qlog-replicas:', ADMIN_TOKEN: TOKEN,
    QUESTION_LOG_FILE: `${tmp.dir}/log-${name}.jsonl`, FEEDBACK_FILE: `${tmp.dir}/feedback-${name}.jsonl`,
  });
  [a, b] = await Promise.all([startFixtureService({ env: env('a') }), startFixtureService({ env: env('b') })]);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
  await tmp?.cleanup();
});

const post = (svc: RunningService, path: string, body: unknown) => fetch(`${svc.base}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('question log in Redis', () => {
  it('is shared by the replicas: asked on one, rated on the other, exported whole by either; no local file', async () => {
    expect((await post(a, '/api/ask', { question: 'What is the weather on Mars?', answerId: 'mars-1', conversationId: 'c-1' })).status).toBe(200);
    expect((await post(b, '/api/feedback', { answerId: 'mars-1', question: 'What is the weather on Mars?', helpful: false, comment: 'Off topic?', conversationId: 'c-1' })).status).toBe(200);
    const signIn = await fetch(`${b.base}/admin/sign-in`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${TOKEN}`,
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // The session is in Redis too: replica A accepts B's cookie.
    const csv = await (await fetch(`${a.base}/admin/log.csv`, { headers: { cookie } })).text();
    const row = csv.split('\r\n').find((l) => l.includes('mars-1'));
    expect(row).toContain('What is the weather on Mars?');
    expect(row).toContain(',http,');
    expect(row).toMatch(/,true,.*,false,Off topic\?,/);
    await expect(access(`${tmp.dir}/log-a.jsonl`)).rejects.toThrow();
  });
});
