import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../src/core/answer.js';
import { BOT, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import type { RunningService } from '../helpers/http-service.js';
import { eventEnvelope, nextTs } from '../helpers/slack-requests.js';
import {
  blocksOf, clickFeedback, dm, feedbackButtons, mention, newUser, posts as postsOf, useSlackService, type SlackService,
} from '../helpers/slack-service.js';

/**
 * The Slack surfaces an admin creating the app today gets: the agent messaging experience (app_home_opened on the
 * Messages tab), the App Home tab, a channel intro, cheap thread follow-ups, app_rate_limited, tables, native
 * feedback and comparison limits. Signed requests to the running service, a fake Slack Web API behind it.
 */
const FORM = 'application/x-www-form-urlencoded';
const slack = useSlackService();
const send: SlackService['send'] = (body, o) => slack.send(body, o);
const posts = (channel?: string) => postsOf(slack.api, channel);
const homeOpened = (user: string, tab: 'home' | 'messages', channel = `D${user}`) =>
  eventEnvelope({ type: 'app_home_opened', user, channel, tab, event_ts: nextTs() });

describe('Slack agent messaging experience (agent_view)', () => {
  it('sets suggested prompts without a thread_ts when the Messages tab opens, and welcomes a user once', async () => {
    const user = newUser();
    expect((await send(homeOpened(user, 'messages'))).status).toBe(200);
    await slack.api.waitFor(() => posts(`D${user}`).length === 1 && slack.api.of('assistant.threads.setSuggestedPrompts').length === 1);
    const prompts = slack.api.of('assistant.threads.setSuggestedPrompts')[0]!.body;
    expect(prompts.channel_id).toBe(`D${user}`);
    // With a thread_ts Slack silently ignores the prompts of an agent app.
    expect(prompts).not.toHaveProperty('thread_ts');
    const list = prompts.prompts as { title: string; message: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(4);
    expect(list.map((p) => p.message)).toContain('Which MRAs has Peru signed?');
    expect(posts(`D${user}`)[0]?.body.text).toMatch(/^Hello! I answer questions about AEO programmes/);
    expect(posts(`D${user}`)[0]?.body.thread_ts).toBeUndefined();

    await send(homeOpened(user, 'messages'));
    await slack.api.waitFor(() => slack.api.of('assistant.threads.setSuggestedPrompts').length === 2);
    await slack.marker();
    expect(posts(`D${user}`)).toHaveLength(1);
  });

  it('answers a first top-level DM (the agent view has no assistant thread root) in the DM', async () => {
    const m = dm(newUser(), 'Who grants AEO status?');
    await send(eventEnvelope(m));
    await slack.api.waitFor(() => posts(m.channel).length === 1);
    expect(posts(m.channel)[0]?.body.thread_ts).toBeUndefined();
    expect(blocksOf(posts(m.channel)[0]).length).toBeGreaterThan(0);
  });
});

describe('Slack onboarding', () => {
  it('publishes the App Home: what it answers, example questions and its languages', async () => {
    const user = newUser();
    await send(homeOpened(user, 'home'));
    await slack.api.waitFor(() => slack.api.of('views.publish').length === 1);
    const call = slack.api.of('views.publish')[0]!;
    expect(call.body.user_id).toBe(user);
    const view = call.body.view as { type: string; blocks: Record<string, unknown>[] };
    expect(view.type).toBe('home');
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('I answer questions about AEO programmes');
    expect(json).toContain('What is an Authorized Economic Operator?');
    expect(json).toMatch(/English.*español.*français/);
    // No message is posted for the Home tab, and Slack accepted the view (the fake refuses invalid ones).
    expect(posts(`D${user}`)).toHaveLength(0);
  });

  it('shows the App Home and the welcome in the language of the user\'s Slack client', async () => {
    const es = newUser();
    slack.api.locales.set(es, 'es-419');
    await send(homeOpened(es, 'home'));
    await slack.api.waitFor(() => slack.api.of('views.publish').some((c) => c.body.user_id === es));
    const view = slack.api.of('views.publish').find((c) => c.body.user_id === es)!.body.view as { blocks: unknown[] };
    expect(JSON.stringify(view.blocks)).toContain('Respondo preguntas sobre programas OEA');
    expect(JSON.stringify(view.blocks)).not.toContain('I answer questions');

    const fr = newUser();
    slack.api.locales.set(fr, 'fr-CA');
    await send(homeOpened(fr, 'messages'));
    await slack.api.waitFor(() => posts(`D${fr}`).length === 1);
    expect(posts(`D${fr}`)[0]?.body.text).toMatch(/^Bonjour ! Je réponds/);
    const prompts = slack.api.of('assistant.threads.setSuggestedPrompts').find((c) => c.body.channel_id === `D${fr}`);
    expect(prompts?.body.title).toBe('Essayez de demander :');
  });

  it('introduces itself in the inviter\'s language', async () => {
    const inviter = newUser();
    slack.api.locales.set(inviter, 'es-ES');
    await send(eventEnvelope({
      type: 'member_joined_channel', user: BOT.userId, inviter, channel: 'CJOINES', channel_type: 'C', team: BOT.team,
      event_ts: nextTs(),
    }));
    await slack.api.waitFor(() => posts('CJOINES').length === 1);
    expect(posts('CJOINES')[0]?.body.text).toMatch(/Mencióneme en un canal/);
  });

  it('introduces itself once when invited to a channel, and not when someone else joins', async () => {
    const joined = (user: string) => eventEnvelope({ type: 'member_joined_channel', user, channel: 'CJOIN', channel_type: 'C', team: BOT.team, event_ts: nextTs() });
    await send(joined(BOT.userId));
    await slack.api.waitFor(() => posts('CJOIN').length === 1);
    expect(posts('CJOIN')[0]?.body.text).toMatch(/Mention me in a channel/);
    expect(posts('CJOIN')[0]?.body.thread_ts).toBeUndefined();
    await send(joined(BOT.userId));
    await send(joined(newUser()));
    await slack.marker();
    expect(posts('CJOIN')).toHaveLength(1);
  });
});

describe('Slack thread follow-ups', () => {
  it('makes no Web API call for 60 replies in threads it never posted in, and reads only its own thread', async () => {
    const user = newUser();
    const root = mention(user, 'CBUSY', '<@UBOT> What is an MRA?');
    await send(eventEnvelope(root));
    // The answer is done when its progress reaction is removed.
    await slack.api.waitFor(() => posts('CBUSY').length === 1 && slack.api.of('reactions.remove').some((c) => c.body.channel === 'CBUSY'));
    slack.api.calls.length = 0;
    for (let i = 0; i < 60; i++) {
      const thread = nextTs();
      const res = await send(eventEnvelope({ type: 'message', channel_type: 'channel', channel: 'CBUSY', user: newUser(), text: `lunch ${i}?`, ts: nextTs(), thread_ts: thread }));
      expect(res.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.api.calls).toHaveLength(0);
    slack.api.threads.set(`CBUSY:${root.ts}`, [{ type: 'message', user, text: root.text, ts: root.ts }]);
    await send(eventEnvelope({ type: 'message', channel_type: 'channel', channel: 'CBUSY', user, text: 'And who grants AEO status?', ts: nextTs(), thread_ts: root.ts }));
    await slack.api.waitFor(() => posts('CBUSY').length === 1);
    expect(slack.api.of('conversations.replies')).toHaveLength(1);
    expect(posts('CBUSY')[0]?.body.thread_ts).toBe(root.ts);
  });
});

describe('Slack events and limits', () => {
  it('answers app_rate_limited with 200 at once and logs it', async () => {
    const started = Date.now();
    const res = await send(JSON.stringify({ token: 'legacy', type: 'app_rate_limited', team_id: BOT.team, minute_rate_limited: 1518467820, api_app_id: 'A1' }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(slack.svc.logs.records.some((r) => r.level === 'warn' && /rate-limiting the events/.test(r.msg))).toBe(true);
  });

  const mraAnswer = (count: number): Answer => {
    const rows = Array.from({ length: count }, (_, i) => ({ n: 1, id: `a${i}`, partner: `Partner ${i} & co`, arrangement: `A${i}`, instrument: 'MRA', status: 'in force', signed: '2018-07-21', inForce: '', place: '', source: 'mra/registry.yaml' }));
    return {
      answer: [`Mexico has ${count} arrangements:`, ...rows.map((r) => `- ${r.partner}: MRA, in force [1].`)].join('\n'), confidence: 1, declined: false, kind: 'mra',
      followUps: [], language: 'en', citations: [{ n: 1, title: 'MRA registry', source: 'mra/registry.yaml', url: 'https://example.org/registry' }],
      data: { type: 'mra-table', columns: [{ key: 'partner', label: 'Partner' }, { key: 'status', label: 'Status' }, { key: 'signed', label: 'Signed' }, { key: 'inForce', label: 'In force' }], rows, asOf: '2026-11-01' },
    };
  };

  it.each([3, 99])('shows %i MRA rows as one table block that Slack accepts, not also as bullets', async (count) => {
    vi.spyOn(slack.svc.engine, 'answer').mockResolvedValueOnce(mraAnswer(count));
    const m = dm(newUser(), 'Which MRAs has Mexico signed?');
    await send(eventEnvelope(m));
    await slack.api.waitFor(() => posts(m.channel).length === 1);
    const post = posts(m.channel)[0]!;
    // Accepted with its blocks: the fake refuses an invalid table (over 100 rows or 20 cells, empty cells, two tables).
    const blocks = blocksOf(post);
    const tables = blocks.filter((b) => b.type === 'table') as { rows: unknown[][] }[];
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows).toHaveLength(count + 1);
    expect(tables[0]!.rows.every((r) => r.length === 4)).toBe(true);
    const sections = blocks.filter((b) => b.type === 'section').map((b) => (b.text as { text: string }).text).join('\n');
    expect(sections).not.toContain('Partner 0');
    expect(String(post.body.text)).toContain('- Partner 0 &amp; co: MRA');
  });

  it('keeps the rows as text when they do not fit one table (over 99)', async () => {
    vi.spyOn(slack.svc.engine, 'answer').mockResolvedValueOnce(mraAnswer(120));
    const m = dm(newUser(), 'Which MRAs has Mexico signed?');
    await send(eventEnvelope(m));
    await slack.api.waitFor(() => posts(m.channel).length >= 1 && !!feedbackButtons(posts(m.channel).at(-1)));
    const blocks = posts(m.channel).flatMap(blocksOf);
    expect(blocks.filter((b) => b.type === 'table')).toHaveLength(0);
    expect(JSON.stringify(blocks)).toContain('Partner 119 &amp; co');
  });

  it('keeps each comparison field within 2,000 characters even when escaping makes the value longer', async () => {
    const amp = 'R&D & AEO <criteria> '.repeat(95);
    const cmp: Answer = {
      answer: 'AEO programmes compared: Peru, Mexico\n- Criteria: …', confidence: 1, declined: false, kind: 'comparison', followUps: [], language: 'en',
      citations: [{ n: 1, title: 'Peru', source: 'pe.md', url: 'https://example.org/pe' }],
      data: { type: 'comparison', columns: [{ label: 'Peru', n: 1 }, { label: 'Mexico' }], rows: [{ label: 'Criteria', values: [amp, amp] }] },
    };
    vi.spyOn(slack.svc.engine, 'answer').mockResolvedValueOnce(cmp);
    const m = dm(newUser(), 'Compare AEO criteria in Peru and Mexico');
    await send(eventEnvelope(m));
    await slack.api.waitFor(() => posts(m.channel).length >= 1);
    await slack.marker();
    const sent = posts(m.channel);
    expect(sent).toHaveLength(1);
    const fields = blocksOf(sent[0]).flatMap((b) => (b.fields as { text: string }[] | undefined) ?? []);
    expect(fields).toHaveLength(2);
    for (const f of fields) {
      expect(f.text.length).toBeLessThanOrEqual(2000);
      expect(f.text).toContain('R&amp;D &amp; AEO &lt;criteria&gt;');
      expect(f.text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it('stores native feedback like before: answer id, question, rating, user and channel', async () => {
    const user = newUser();
    const m = mention(user, 'CFEED', '<@UBOT> Who grants AEO status?');
    await send(eventEnvelope(m));
    await slack.api.waitFor(() => posts('CFEED').length === 1);
    const answer = posts('CFEED')[0]!;
    expect(feedbackButtons(answer)).toMatchObject({ type: 'feedback_buttons', action_id: 'aeo_feedback' });
    expect((await send(clickFeedback(slack.api, answer, false, user), { contentType: FORM })).status).toBe(200);
    await slack.api.waitFor(() => slack.api.of('chat.update').some((c) => c.body.channel === 'CFEED'));
    const last = JSON.parse((await readFile(slack.feedbackFile, 'utf8')).trim().split('\n').at(-1)!);
    const id = JSON.parse(String((feedbackButtons(answer)!.negative_button as { value: string }).value)).id;
    expect(last).toMatchObject({ channel: 'slack', userId: user, answerId: id, question: 'Who grants AEO status?', helpful: false, answerKind: expect.any(String) });
    expect(JSON.stringify(slack.api.of('chat.update').find((c) => c.body.channel === 'CFEED')?.body.blocks)).toContain(':thumbsdown:');
  });
});
