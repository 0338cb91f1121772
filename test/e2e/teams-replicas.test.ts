import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { RedisServer } from '../helpers/redis-server.js';
import { teamsBed } from '../helpers/teams-bed.js';

/**
 * Two in-process replicas sharing Redis, as behind a round-robin load balancer: the answer goes out from one, the
 * click or Teams' feedback about it lands on the other. Nothing the bot needs for it travels in the card.
 */
const bed = teamsBed();
let own: RedisServer | undefined;
let url: string;
let a: RunningService;
let b: RunningService;
const prefix = `teams${process.pid}${Date.now()}:`;
let seq = 0;

beforeAll(async () => {
  if (process.env.REDIS_TEST_URL) url = process.env.REDIS_TEST_URL;
  else {
    own = await RedisServer.start();
    url = own.url;
  }
  const env = {
    REDIS_URL: url,
    REDIS_KEY_PREFIX: prefix,
    TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    FEEDBACK_FILE: `${bed.dir}/feedback.jsonl`,
    TEAMS_EXPERTS_CONVERSATION_ID: '19:experts@thread.tacv2',
    TEAMS_EXPERTS_SERVICE_URL: bed.connector.url,
  };
  [a, b] = await Promise.all([
    startFixtureService({ channels: true, env }),
    startFixtureService({ channels: true, env }),
  ]);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await own?.stop();
});

const post = (svc: RunningService, extra: Record<string, unknown>, conversation: Record<string, unknown>) => {
  seq += 1;
  return fetch(`${svc.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `r-${seq}`,
      channelId: 'msteams',
      serviceUrl: bed.connector.url,
      from: { id: 'user-1', name: 'Trader', aadObjectId: 'aad-r' },
      recipient: { id: 'bot-1', name: 'aeo-bot' },
      conversation,
      ...extra,
    }),
  });
};
type Action = { title: string; data?: Record<string, unknown> };
const actionsOf = (body: Record<string, unknown>) =>
  (body.attachments as { content: { actions?: Action[] } }[])[0]!.content.actions ?? [];

describe('Teams across replicas sharing Redis', () => {
  it("takes Teams' feedback, the expert click and the resolve on another replica than the answer", async () => {
    const asker = { id: 'conv-replica', conversationType: 'personal' };
    await post(a, { text: 'Who grants AEO status?' }, asker);
    const answer = bed.connector.messageCalls()[0]!;
    const expert = actionsOf(answer.body).find((x) => x.data?.action === 'expert')!;

    const res = await post(
      b,
      {
        type: 'invoke',
        name: 'message/submitAction',
        replyToId: answer.id,
        value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":"clear"}' } },
      },
      asker,
    );
    expect(res.status).toBe(200);
    const redis = new Redis(url, { keyPrefix: prefix, lazyConnect: true });
    try {
      await redis.connect();
      const stored = (await redis.lrange('feedback', 0, -1)).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(stored.at(-1)).toMatchObject({
        answerId: expert.data!.answerId,
        question: 'Who grants AEO status?',
        helpful: true,
        comment: 'clear',
        userId: 'aad-r',
      });
    } finally {
      redis.disconnect();
    }

    bed.connector.reset();
    await post(b, { text: '', value: expert.data }, asker);
    const toExperts = bed.connector.calls.find((x) => x.path.includes('19%3Aexperts'))!;
    expect(toExperts.body.text).toMatch(/Who grants AEO status\?/);
    const resolve = actionsOf(toExperts.body)[0]!.data!;

    bed.connector.reset();
    await post(
      a,
      { text: '', value: resolve, from: { id: 'expert-1', name: 'Expert' } },
      { id: '19:experts@thread.tacv2', conversationType: 'channel' },
    );
    expect(
      bed.connector.calls.some(
        (x) => x.path.includes('conv-replica') && /marked your question as resolved/.test(String(x.body.text)),
      ),
    ).toBe(true);
  });
});
