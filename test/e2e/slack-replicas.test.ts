import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT } from '../helpers/fake-slack-api.js';
import { RedisServer } from '../helpers/redis-server.js';
import { eventEnvelope, nextTs } from '../helpers/slack-requests.js';
import { mention, newUser, posts, startSlackService, type SlackService } from '../helpers/slack-service.js';

/**
 * Two Slack replicas sharing one real redis-server (REDIS_URL): a thread the bot posted in on one replica is known
 * on the other (follow-ups answered there, other threads cost nothing), and a channel intro is posted once.
 */
let redis: RedisServer | undefined;
let a: SlackService;
let b: SlackService;

beforeAll(async () => {
  const url = process.env.REDIS_TEST_URL ?? (redis = await RedisServer.start()).url;
  const env = { REDIS_URL: url, REDIS_KEY_PREFIX: `slackrep${process.pid}${Date.now()}:` };
  [a, b] = await Promise.all([startSlackService(env), startSlackService(env)]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
});

describe('Slack thread memory and one-time notes in Redis', () => {
  it('answers a follow-up on the other replica, and reads no thread the bot is not in', async () => {
    const user = newUser();
    const root = mention(user, 'CREP', '<@UBOT> What is an MRA?');
    await a.send(eventEnvelope(root));
    await a.api.waitFor(() => posts(a.api, 'CREP').length === 1);

    const reply = (thread: string, text: string) => eventEnvelope({ type: 'message', channel_type: 'channel', channel: 'CREP', user, text, ts: nextTs(), thread_ts: thread });
    await b.send(reply(nextTs(), 'lunch?'));
    await b.send(reply(root.ts, 'And who grants AEO status?'));
    await b.api.waitFor(() => posts(b.api, 'CREP').length === 1);
    expect(posts(b.api, 'CREP')[0]?.body.thread_ts).toBe(root.ts);
    expect(b.api.of('conversations.replies').map((c) => c.body.ts)).toEqual([root.ts]);
  });

  it('introduces itself in a channel once, whichever replica gets the event', async () => {
    const joined = () => eventEnvelope({ type: 'member_joined_channel', user: BOT.userId, channel: 'CREPJOIN', channel_type: 'C', team: BOT.team, event_ts: nextTs() });
    await a.send(joined());
    await a.api.waitFor(() => posts(a.api, 'CREPJOIN').length === 1);
    await b.send(joined());
    await b.marker();
    expect(posts(b.api, 'CREPJOIN')).toHaveLength(0);
  });
});
