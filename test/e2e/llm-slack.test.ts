import { describe, expect, it } from 'vitest';
import { answerTurn, liveIn, type SlackTurn } from '../../src/channels/slack/answer-turn.js';
import type { SlackDeps } from '../../src/channels/slack/deps.js';
import { postIn } from '../../src/channels/slack/replies.js';
import { slackLlmBed } from '../helpers/slack-llm-bed.js';
import { QUESTION, GOOD } from '../helpers/fake-llm-answers.js';

const CHANNEL = 'C1';
const THREAD = '1700000000.000100';

const bed = slackLlmBed();
const deps = (engine?: SlackDeps['engine']) => bed.deps(engine);
const turn = (question = QUESTION): SlackTurn => ({
  question, userId: 'U1', teamId: 'T1', reply: postIn(bed.client, CHANNEL, THREAD), live: liveIn(bed.client, CHANNEL, THREAD), log: bed.s.logs,
});
const textOf = (c: { body: Record<string, unknown> }) => String(c.body.text ?? '');

describe('Slack answers written by the model', () => {
  it('posts the first words, edits the message as text arrives (throttled), and ends with the Block Kit answer', async () => {
    bed.fake.script({ text: GOOD, chunkDelayMs: 120 });
    await answerTurn(deps(), turn());
    const posts = bed.slack.of('chat.postMessage');
    const updates = bed.slack.of('chat.update');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ channel: CHANNEL, thread_ts: THREAD });
    expect(posts[0]?.body.blocks).toBeUndefined();
    expect(textOf(posts[0]!)).toMatch(/^Yes.* …$/);
    expect(updates.every((u) => u.body.ts === updates[0]?.body.ts && u.body.channel === CHANNEL)).toBe(true);
    expect(String(updates[0]?.body.ts)).toMatch(/^\d+\.000100$/);
    // About 2 s of streaming at one edit a second: a few partial edits, never one per token.
    const partial = updates.slice(0, -1);
    expect(partial.length).toBeGreaterThanOrEqual(1);
    expect(partial.length).toBeLessThanOrEqual(3);
    const shown = [posts[0]!, ...partial].map((c) => textOf(c).replace(/ …$/, ''));
    shown.forEach((t, i) => {
      expect(GOOD.startsWith(t)).toBe(true);
      if (i > 0) expect(t.length).toBeGreaterThan(shown[i - 1]!.length);
    });
    const final = updates.at(-1)!;
    expect(final.body.blocks).toBeDefined();
    expect(textOf(final)).toContain('international freight forwarders can apply [1]');
  });

  it('replaces the partial text with the extractive answer when the model stalls', async () => {
    bed.fake.script({ text: GOOD, stallAfter: 5 });
    await answerTurn(deps(), turn());
    expect(bed.slack.of('chat.postMessage')).toHaveLength(1);
    const final = bed.slack.of('chat.update').at(-1)!;
    expect(final.body.blocks).toBeDefined();
    expect(textOf(final)).not.toContain('Yes: international');
    expect(textOf(final)).toContain('freight forwarders');
  });

  it('posts structured answers once, as before: nothing streams', async () => {
    await answerTurn(deps(), turn('Which MRAs has Peru signed?'));
    expect(bed.slack.of('chat.postMessage')).toHaveLength(1);
    expect(bed.slack.of('chat.postMessage')[0]?.body.blocks).toBeDefined();
    expect(bed.slack.of('chat.update')).toHaveLength(0);
    expect(bed.fake.chats).toHaveLength(0);
  });

  it('turns the partial message into the apology when answering fails after text was shown', async () => {
    const failing: SlackDeps['engine'] = {
      answer: async (_q, ctx) => {
        ctx?.onToken?.('Forwarders can');
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('boom');
      },
      userMessageFor: (e, l) => bed.s.engine.userMessageFor(e, l),
    };
    await expect(answerTurn(deps(failing), turn())).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(bed.slack.of('chat.postMessage').map(textOf)).toEqual(['Forwarders can …']);
    const apology = bed.slack.of('chat.update').at(-1);
    expect(textOf(apology!)).toBe(bed.s.messages.text('en', 'error'));
  });
});
