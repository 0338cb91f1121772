import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTurn, type SlackTurn } from '../../src/channels/slack/answer-turn.js';
import { streamIn } from '../../src/channels/slack/live-message.js';
import { postIn } from '../../src/channels/slack/replies.js';
import { llmEnv } from '../helpers/fake-llm-servers.js';
import { GOOD, QUESTION } from '../helpers/fake-llm-answers.js';
import { slackLlmBed } from '../helpers/slack-llm-bed.js';
import { eventEnvelope, nextTs } from '../helpers/slack-requests.js';
import { feedbackButtons, newUser, startSlackService, type SlackService } from '../helpers/slack-service.js';

/**
 * Model-written answers through Slack's native streaming (chat.startStream / appendStream / stopStream via
 * client.chatStream), against the fake Web API: then replaced by the Block Kit answer; where the workspace does not
 * offer the methods, posted and updated instead.
 */
const THREAD = '1700000000.000100';
const bed = slackLlmBed();
const deps = () => bed.deps();

const turn = (channel: string, question = QUESTION): SlackTurn => ({
  question, userId: 'U1', teamId: 'T1', reply: postIn(bed.client, channel, THREAD),
  live: streamIn(bed.client, { channel, threadTs: THREAD, userId: 'U1', teamId: 'T1' }, bed.s.logs), log: bed.s.logs,
});
const streamCalls = () => bed.slack.calls.filter((c) => /^chat\.(start|append|stop)Stream$/.test(c.method));

describe('Slack native streaming', () => {
  it('streams a model answer into a channel thread, then replaces it with the Block Kit answer', async () => {
    bed.fake.script({ text: GOOD, chunkDelayMs: 120 });
    await answerTurn(deps(), turn('C1'));
    const calls = streamCalls();
    expect(calls[0]?.method).toBe('chat.startStream');
    // Outside a DM Slack needs the recipient and its team.
    expect(calls[0]?.body).toMatchObject({ channel: 'C1', thread_ts: THREAD, recipient_user_id: 'U1', recipient_team_id: 'T1' });
    expect(calls.at(-1)?.method).toBe('chat.stopStream');
    expect(calls.filter((c) => c.method === 'chat.appendStream').length).toBeGreaterThanOrEqual(1);
    // Throttled: about one append a second, never one per token.
    expect(calls.length).toBeLessThanOrEqual(6);
    const [ts, stream] = [...bed.slack.streams.entries()].at(-1)!;
    expect(stream.open).toBe(false);
    expect(GOOD.startsWith(stream.text)).toBe(true);
    expect(stream.text.length).toBeGreaterThan(10);
    expect(bed.slack.of('chat.postMessage')).toHaveLength(0);
    const final = bed.slack.of('chat.update').at(-1)!;
    expect(final.body).toMatchObject({ channel: 'C1', ts });
    expect(String(final.body.text)).toContain('international freight forwarders can apply [1]');
    expect(feedbackButtons(final)).toBeDefined();
  });

  it('streams in a DM thread without a recipient (Slack needs none there)', async () => {
    bed.fake.script({ text: GOOD, chunkDelayMs: 50 });
    await answerTurn(deps(), turn('DSTREAM'));
    const start = streamCalls()[0]!;
    expect(start.body).toMatchObject({ channel: 'DSTREAM', thread_ts: THREAD });
    expect(start.body.recipient_user_id).toBeUndefined();
    expect(bed.slack.of('chat.update').at(-1)?.body.blocks).toBeDefined();
  });

  it.each(['unknown_method', 'not_allowed'])('posts and updates instead when chat.startStream answers %s', async (error) => {
    bed.slack.failures.set('chat.startStream', error);
    bed.fake.script({ text: GOOD, chunkDelayMs: 120 });
    await answerTurn(deps(), turn('C2'));
    expect(bed.slack.of('chat.startStream')).toHaveLength(1);
    expect(bed.slack.of('chat.appendStream')).toHaveLength(0);
    const posts = bed.slack.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ channel: 'C2', thread_ts: THREAD });
    expect(String(posts[0]?.body.text)).toMatch(/^Yes.* …$/);
    const final = bed.slack.of('chat.update').at(-1)!;
    expect(final.body.blocks).toBeDefined();
    expect(String(final.body.text)).toContain('international freight forwarders can apply [1]');
  });

  it('does not stream structured answers: they are posted once', async () => {
    await answerTurn(deps(), turn('C3', 'Which MRAs has Peru signed?'));
    expect(streamCalls()).toHaveLength(0);
    expect(bed.slack.of('chat.postMessage')).toHaveLength(1);
  });
});

describe('Slack native streaming, end to end', () => {
  let svc: SlackService;
  beforeAll(async () => {
    svc = await startSlackService(llmEnv(bed.fake, 'openai-compatible', { LLM_TIMEOUT_MS: '5000' }));
  });
  afterAll(() => svc?.close());

  it('streams the answer to a signed mention in its thread and finishes it with Block Kit', async () => {
    bed.fake.script({ text: GOOD, chunkDelayMs: 80 });
    const user = newUser();
    const ts = nextTs();
    const res = await svc.send(eventEnvelope({ type: 'app_mention', user, channel: 'CSTREAM', text: `<@UBOT> ${QUESTION}`, ts }));
    expect(res.status).toBe(200);
    const { api } = svc;
    await api.waitFor(() => api.of('chat.update').some((u) => u.body.channel === 'CSTREAM' && Array.isArray(u.body.blocks)));
    expect(api.of('chat.startStream')[0]?.body).toMatchObject({ channel: 'CSTREAM', thread_ts: ts, recipient_user_id: user, recipient_team_id: 'T1' });
    expect(api.of('chat.stopStream')).toHaveLength(1);
    expect(api.of('chat.postMessage').filter((c) => c.body.channel === 'CSTREAM')).toHaveLength(0);
  });
});
