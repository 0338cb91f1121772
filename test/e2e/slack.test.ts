import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../src/core/answer.js';
import { checkSlackSignature, slackSignature } from '../../src/channels/slack/signature.js';
import { answerMessage } from '../../src/channels/slack/block-kit.js';
import { BOT, type FakeSlackApi, type SlackCall } from '../helpers/fake-slack-api.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { actionForm, commandForm, eventEnvelope, nextTs, sendSlack, sign } from '../helpers/slack-requests.js';
import {
  blocksOf, buttonText, buttons, click as clickOn, clickFeedback, dm, feedbackButtons, mention, newUser, posts as postsOf, RATE_LIMIT,
  useSlackService, type SlackService,
} from '../helpers/slack-service.js';

const FORM = 'application/x-www-form-urlencoded';
const slack = useSlackService();
let svc: RunningService;
let api: FakeSlackApi;
let send: SlackService['send'];
let marker: SlackService['marker'];

beforeAll(() => {
  ({ svc, api, send, marker } = slack);
});

const posts = (channel?: string) => postsOf(api, channel);
const click = (post: SlackCall, button: Record<string, unknown>, user: string) => clickOn(api, post, button, user);

describe('Slack request verification', () => {
  it('passes Slack\'s published signing example with the verification the service uses', () => {
    const body = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const req = { signingSecret: '8f742231b10e8888abcd99yyyzzz85a5', timestamp: '1531420618', body, nowSeconds: 1531420618 };
    const expected = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
    expect(slackSignature(req.signingSecret, req.timestamp, body)).toBe(expected);
    expect(checkSlackSignature({ ...req, signature: expected })).toBeUndefined();
    expect(checkSlackSignature({ ...req, signature: expected, body: `${body}x` })).toBe('mismatch');
    expect(checkSlackSignature({ ...req, signature: expected, nowSeconds: 1531420618 + 301 })).toBe('stale');
    expect(checkSlackSignature({ ...req, signature: expected, nowSeconds: 1531420618 - 301 })).toBe('stale');
    expect(checkSlackSignature({ ...req, signature: undefined })).toBe('missing');
  });

  it.each([
    ['a wrong signature', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['a signature made with another secret', { signature: sign('other-secret', Math.floor(Date.now() / 1000), '{}') }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 400 }],
    ['a timestamp from the future', { timestamp: Math.floor(Date.now() / 1000) + 400 }],
    ['no signature headers', { signature: null }],
  ] as const)('refuses %s with 401 and answers nothing', async (_name, o) => {
    const user = newUser();
    const m = mention(user, `C401${user}`, '<@UBOT> What is an MRA?');
    const res = await send(eventEnvelope(m), o);
    expect(res.status).toBe(401);
    await marker();
    expect(posts(m.channel)).toHaveLength(0);
  });

  it('answers the url_verification challenge', async () => {
    const res = await send(JSON.stringify({ token: 'legacy', challenge: 'ch4ll3nge', type: 'url_verification' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'ch4ll3nge' });
  });
});

describe('Slack mentions, DMs and threads', () => {
  it('answers a mention in its thread, mention stripped, with Block Kit, linked sources and buttons', async () => {
    const spy = vi.spyOn(svc.engine, 'answer');
    const m = mention(newUser(), 'C1', '<@UBOT> Can a freight forwarder become an AEO in Peru?');
    const res = await send(eventEnvelope(m));
    expect(res.status).toBe(200);
    await api.waitFor(() => posts('C1').length === 1 && api.of('reactions.remove').some((c) => c.body.channel === 'C1'));
    expect(spy).toHaveBeenCalledWith('Can a freight forwarder become an AEO in Peru?', expect.objectContaining({ conversationId: `slack:T1:C1:${m.ts}` }));
    const post = posts('C1')[0]!;
    expect(post.token).toBe('xoxb-test');
    expect(post.body).toMatchObject({ channel: 'C1', thread_ts: m.ts });
    expect(post.body.text).toMatch(/freight forwarders \[1\]/);
    const json = JSON.stringify(post.body.blocks);
    expect(json).toContain('<https://www.sunat.gob.pe/|[1]>');
    expect(json).toContain('*Sources*');
    expect(buttons(post).map(buttonText)).toContain('Ask a customs expert');
    const feedback = feedbackButtons(post)!;
    expect([feedback.positive_button, feedback.negative_button].map((b) => buttonText(b as Record<string, unknown>))).toEqual(['Helpful', 'Not helpful']);
    expect(api.of('reactions.add').find((c) => c.body.channel === 'C1')?.body).toMatchObject({ timestamp: m.ts, name: 'hourglass_flowing_sand' });
    const order = api.calls.filter((c) => c.body.channel === 'C1').map((c) => c.method);
    expect(order.indexOf('reactions.add')).toBeLessThan(order.indexOf('chat.postMessage'));
  });

  it('answers a direct message in the DM, not in a thread', async () => {
    const m = dm(newUser(), 'Does Japan have an MRA with the EU?');
    await send(eventEnvelope(m));
    await api.waitFor(() => posts(m.channel).length === 1);
    const post = posts(m.channel)[0]!;
    expect(post.body.thread_ts).toBeUndefined();
    expect(post.body.text).toMatch(/^Yes\. Japan and European Union/);
  });

  it('answers a duplicated mention, its Slack retry and its message event once', async () => {
    const user = newUser();
    const m = mention(user, 'C2', '<@UBOT> Who grants AEO status?');
    const body = eventEnvelope(m, 'EvDUP1');
    await send(body);
    await send(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await send(eventEnvelope({ ...m, type: 'message', channel_type: 'channel' }, 'EvDUP2'));
    await api.waitFor(() => posts('C2').length >= 1);
    await marker();
    expect(posts('C2')).toHaveLength(1);
  });

  it('ignores other bots, its own messages and edits', async () => {
    const user = newUser();
    await send(eventEnvelope(dm(user, 'What is an MRA?', { bot_id: 'B999' })));
    await send(eventEnvelope(dm(user, 'What is an MRA?', { subtype: 'bot_message', bot_id: 'B999' })));
    await send(eventEnvelope({ ...dm(user, 'What is an MRA?'), user: BOT.userId }));
    await send(eventEnvelope(dm(user, 'What is an MRA?', { subtype: 'message_changed' })));
    await send(eventEnvelope(mention(user, 'C3', '<@UBOT> What is an MRA?', { bot_id: 'B999' })));
    await marker();
    expect(posts(`D${user}`)).toHaveLength(0);
    expect(posts('C3')).toHaveLength(0);
  });

  it('answers a reply in a thread it takes part in, with the thread\'s turns as context; ignores other threads', async () => {
    const user = newUser();
    const root = mention(user, 'C4', '<@UBOT> Which MRAs has Peru signed?');
    await send(eventEnvelope(root));
    await api.waitFor(() => posts('C4').length === 1);
    api.threads.set(`C4:${root.ts}`, [
      { type: 'message', user, text: root.text, ts: root.ts },
      { type: 'message', user: BOT.userId, bot_id: BOT.botId, text: 'Peru has 1 AEO mutual recognition arrangements', ts: nextTs() },
    ]);
    const spy = vi.spyOn(svc.engine, 'answer');
    await send(eventEnvelope({ type: 'message', channel_type: 'channel', channel: 'C4', user, text: 'And does Japan have one with the EU?', ts: nextTs(), thread_ts: root.ts }));
    await api.waitFor(() => posts('C4').length === 2);
    expect(posts('C4')[1]?.body.thread_ts).toBe(root.ts);
    expect(spy).toHaveBeenCalledWith('And does Japan have one with the EU?', expect.objectContaining({
      conversationId: `slack:T1:C4:${root.ts}`,
      history: [{ role: 'user', text: 'Which MRAs has Peru signed?' }, { role: 'bot', text: 'Peru has 1 AEO mutual recognition arrangements' }],
    }));
    // A thread the bot never posted in: not even read.
    const other = nextTs();
    api.threads.set(`C4:${other}`, [{ type: 'message', user, text: 'lunch?', ts: other }, { type: 'message', user: BOT.userId, bot_id: BOT.botId, text: 'hi', ts: nextTs() }]);
    await send(eventEnvelope({ type: 'message', channel_type: 'channel', channel: 'C4', user, text: 'What is an MRA?', ts: nextTs(), thread_ts: other }));
    await send(eventEnvelope({ type: 'message', channel_type: 'channel', channel: 'C4', user, text: 'What is an MRA?', ts: nextTs() }));
    await marker();
    expect(posts('C4')).toHaveLength(2);
    expect(api.of('conversations.replies').filter((c) => c.body.ts === other)).toHaveLength(0);
  });

  it('replies politely to an empty mention and to an over-long message', async () => {
    await send(eventEnvelope(mention(newUser(), 'C5', '<@UBOT>')));
    await api.waitFor(() => posts('C5').length === 1);
    expect(posts('C5')[0]?.body.text).toMatch(/Please type a question/);
    const m = dm(newUser(), 'a'.repeat(1500));
    await send(eventEnvelope(m));
    await api.waitFor(() => posts(m.channel).length === 1);
    expect(posts(m.channel)[0]?.body.text).toMatch(/too long for me \(1500 characters; the limit is 1000\)/);
  });

  it('apologises in the thread when answering fails, and logs the error with a request id', async () => {
    vi.spyOn(svc.engine, 'answer').mockRejectedValueOnce(new Error('index exploded'));
    const m = mention(newUser(), 'C6', '<@UBOT> What is an MRA?');
    await send(eventEnvelope(m));
    await api.waitFor(() => posts('C6').length === 1);
    const post = posts('C6')[0]!;
    expect(post.body).toMatchObject({ thread_ts: m.ts });
    expect(post.body.text).toMatch(/^Sorry, something went wrong/);
    const ref = /Reference: (\w+)/.exec(JSON.stringify(post.body.blocks))?.[1];
    expect(ref).toBeTruthy();
    await vi.waitFor(() => expect(svc.logs.records.some((r) => r.level === 'error' && r.requestId === ref && r.err === 'index exploded')).toBe(true));
    await api.waitFor(() => api.of('reactions.remove').some((c) => c.body.channel === 'C6'));
  });

  it('splits a very long answer across messages within Slack\'s limits, buttons under the last, never plain text', async () => {
    const sentence = 'AEO status <lowers> inspections & speeds clearance for certified operators [1]. ';
    const long: Answer = {
      answer: sentence.repeat(300), confidence: 0.9, declined: false, kind: 'retrieval', followUps: ['What is an MRA?'], language: 'en',
      citations: Array.from({ length: 60 }, (_, i) => ({ n: i + 1, title: `Source ${i + 1} ${'x'.repeat(150)}`, source: `s${i}.md`, url: `https://example.org/${i}` })),
    };
    vi.spyOn(svc.engine, 'answer').mockResolvedValueOnce(long);
    const m = dm(newUser(), 'Tell me everything about AEO');
    await send(eventEnvelope(m));
    // The buttons come with the last message.
    await api.waitFor(() => !!feedbackButtons(posts(m.channel).at(-1)));
    const sent = posts(m.channel);
    // 24,000 characters (with links ~35,000): more than one message holds (~12,000 characters of block text), all shown.
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent.every((p) => Array.isArray(p.body.blocks))).toBe(true);
    const shown = sent.flatMap(blocksOf).filter((b) => b.type === 'section').map((b) => (b.text as { text: string }).text).join(' ');
    expect(shown.match(/speeds clearance/g)).toHaveLength(300);
    for (const p of sent) {
      const blocks = blocksOf(p);
      expect(blocks.length).toBeLessThanOrEqual(50);
      const texts = blocks.flatMap((b) => [(b.text as { text?: string } | undefined)?.text, ...((b.elements as { text?: unknown }[] | undefined) ?? []).map((e) => e.text)]).filter((t): t is string => typeof t === 'string');
      expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(3000);
      expect(String(p.body.text).length).toBeLessThanOrEqual(4000);
    }
    expect(JSON.stringify(sent[0]?.body.blocks)).toContain('&lt;lowers&gt; inspections &amp; speeds');
    expect(String(sent[0]?.body.text)).toContain('&lt;lowers&gt;');
    expect(feedbackButtons(sent.at(-1))).toBeDefined();
    expect(sent.slice(0, -1).every((p) => !feedbackButtons(p))).toBe(true);
    expect(JSON.stringify(sent.at(-1)?.body.blocks)).toContain('*Sources*');
  });

  it('sends the answer as plain text when Slack refuses its blocks', async () => {
    api.rejectBlocks = true;
    const m = dm(newUser(), 'Who grants AEO status?');
    await send(eventEnvelope(m));
    await api.waitFor(() => posts(m.channel).length === 2);
    const [refused, plain] = posts(m.channel);
    expect(refused?.body.blocks).toBeDefined();
    expect(plain?.body.blocks).toBeUndefined();
    expect(plain?.body.text).toBe(refused?.body.text);
  });

  it('rate-limits a user with one polite reply, then stays quiet for that window', async () => {
    const user = newUser();
    // RATE_LIMIT answers, one polite refusal, then silence for the rest of the minute.
    for (let i = 0; i < RATE_LIMIT + 2; i++) await send(eventEnvelope(dm(user, `What is an MRA? ${i}`)));
    await api.waitFor(() => posts(`D${user}`).length === RATE_LIMIT + 1);
    await marker();
    const texts = posts(`D${user}`).map((c) => String(c.body.text));
    expect(texts.filter((t) => /faster than I can keep up/.test(t))).toHaveLength(1);
    expect(texts).toHaveLength(RATE_LIMIT + 1);
  });
});

describe('Slack slash command and buttons', () => {
  it('answers /aeo ephemerally with a "Post to channel" button that posts it for everyone', async () => {
    const user = newUser();
    const res = await send(commandForm({ text: 'What is an MRA?', user_id: user, channel_id: 'C7', response_url: api.responseUrl('cmd1') }), { contentType: FORM });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await api.waitFor(() => api.of('response:cmd1').length === 1);
    const reply = api.of('response:cmd1')[0]!;
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const post = buttons(reply).find((b) => b.action_id === 'aeo_post_channel')!;
    expect(buttonText(post)).toBe('Post to channel');
    await send(actionForm({
      user: { id: user, username: 'trader' }, channel: { id: 'C7', name: 'c' }, container: { type: 'message', message_ts: '1.2', channel_id: 'C7', is_ephemeral: true },
      response_url: api.responseUrl('post1'), actions: [{ type: 'button', action_id: post.action_id, block_id: post.block_id, value: post.value, text: post.text, action_ts: '1' }],
    }), { contentType: FORM });
    await api.waitFor(() => api.of('response:post1').length === 2);
    const [shared, removed] = api.of('response:post1');
    expect(shared?.body).toMatchObject({ response_type: 'in_channel' });
    expect(JSON.stringify(shared?.body.blocks)).toContain(`<@${user}> asked: What is an MRA?`);
    expect(buttons(shared).map((b) => b.action_id)).not.toContain('aeo_post_channel');
    expect(removed?.body).toEqual({ delete_original: true });
  });

  it('explains itself on /aeo help and on an empty /aeo, in the acknowledgement', async () => {
    for (const text of ['help', '']) {
      const res = await send(commandForm({ text, user_id: newUser(), channel_id: 'C7', response_url: api.responseUrl('help') }), { contentType: FORM });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toContain('/aeo &lt;question&gt;');
    }
    const res = await send(commandForm({ text: 'ayuda', user_id: newUser(), channel_id: 'C7', response_url: api.responseUrl('help') }), { contentType: FORM });
    expect((await res.json()).text).toMatch(/^Respondo preguntas/);
  });

  it('records feedback with question, answer id and user in the JSONL store and acknowledges in the message', async () => {
    const user = newUser();
    await send(eventEnvelope(mention(user, 'C8', '<@UBOT> What is an MRA?')));
    await api.waitFor(() => posts('C8').length === 1);
    const answer = posts('C8')[0]!;
    const res = await send(clickFeedback(api, answer, true, user), { contentType: FORM });
    expect(res.status).toBe(200);
    await api.waitFor(() => api.of('chat.update').some((c) => c.body.channel === 'C8'));
    const lines = (await readFile(slack.feedbackFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const answerId = JSON.parse(String((feedbackButtons(answer)!.positive_button as { value: string }).value)).id;
    expect(answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.at(-1)).toMatchObject({ channel: 'slack', userId: user, answerId, helpful: true, question: 'What is an MRA?' });
    const update = api.of('chat.update').find((c) => c.body.channel === 'C8')!;
    const blocks = JSON.stringify(update.body.blocks);
    expect(blocks).toContain(`Thanks for the feedback, <@${user}>.`);
    expect(blocks).not.toContain('feedback_buttons');
    expect(blocks).toContain('aeo_expert');
  });

  it('drives the eligibility check with buttons in the thread', async () => {
    const user = newUser();
    const m = mention(user, 'C9', '<@UBOT> check my eligibility');
    await send(eventEnvelope(m));
    await api.waitFor(() => posts('C9').length === 1);
    const first = posts('C9')[0]!;
    expect(first.body.text).toMatch(/Question 1 of 7/);
    const exporter = buttons(first).find((b) => buttonText(b) === 'Exporter')!;
    expect(exporter.action_id).toMatch(/^aeo_ask_\d+$/);
    expect(buttons(first).map(buttonText)).not.toContain('Helpful');
    await send(click(first, exporter, user), { contentType: FORM });
    await api.waitFor(() => posts('C9').length === 2);
    expect(posts('C9')[1]?.body).toMatchObject({ thread_ts: m.ts });
    expect(posts('C9')[1]?.body.text).toMatch(/Question 2 of 7/);
    await api.waitFor(() => api.of('chat.update').some((c) => c.body.channel === 'C9'));
    expect(JSON.stringify(api.of('chat.update').find((c) => c.body.channel === 'C9')?.body.blocks)).toContain(`<@${user}>: *Exporter*`);
  });

  it('turns a decline\'s suggestions into buttons', async () => {
    const m = dm(newUser(), 'What is the capital of Mongolia?');
    await send(eventEnvelope(m));
    await api.waitFor(() => posts(m.channel).length === 1);
    const post = posts(m.channel)[0]!;
    expect(post.body.text).toMatch(/I don't know/);
    const labels = buttons(post).map(buttonText);
    expect(labels).toContain('What is an Authorized Economic Operator?');
    expect(labels).not.toContain('Helpful');
  });

  it('forwards a question to the experts channel and tells the asker when an expert resolves it', async () => {
    const user = newUser();
    const m = mention(user, 'C10', '<@UBOT> Who grants AEO status?');
    await send(eventEnvelope(m));
    await api.waitFor(() => posts('C10').length === 1);
    const answer = posts('C10')[0]!;
    const expert = buttons(answer).find((b) => b.action_id === 'aeo_expert')!;
    await send(click(answer, expert, user), { contentType: FORM });
    await api.waitFor(() => posts('CEXPERTS').length === 1 && posts('C10').length === 2);
    const forwarded = posts('CEXPERTS')[0]!;
    const json = JSON.stringify(forwarded.body.blocks);
    expect(json).toContain(`Question for a customs expert from <@${user}>:`);
    expect(json).toContain('Who grants AEO status?');
    expect(json).toContain(`https://test.slack.com/archives/C10/p${m.ts.replace('.', '')}`);
    expect(posts('C10')[1]?.body).toMatchObject({ thread_ts: m.ts });
    expect(posts('C10')[1]?.body.text).toMatch(/forwarded your question to the customs experts/);
    const resolve = buttons(forwarded).find((b) => b.action_id === 'aeo_expert_resolve')!;
    expect(buttonText(resolve)).toBe('Mark resolved');
    await send(click(forwarded, resolve, 'UEXPERT'), { contentType: FORM });
    await api.waitFor(() => posts('C10').length === 3);
    expect(posts('C10')[2]?.body).toMatchObject({ thread_ts: m.ts });
    expect(posts('C10')[2]?.body.text).toBe(`<@${user}> A customs expert marked your question as resolved: "Who grants AEO status?"`);
    await api.waitFor(() => api.of('chat.update').some((u) => u.body.channel === 'CEXPERTS'));
    expect(JSON.stringify(api.of('chat.update').find((u) => u.body.channel === 'CEXPERTS')?.body.blocks)).toContain('Marked resolved');
  });
});

describe('Slack assistant threads', () => {
  it('greets a new assistant thread with suggested prompts', async () => {
    const thread = nextTs();
    await send(eventEnvelope({ type: 'assistant_thread_started', assistant_thread: { user_id: newUser(), channel_id: 'DASSIST', thread_ts: thread, context: {} }, event_ts: thread }));
    await api.waitFor(() => api.of('assistant.threads.setSuggestedPrompts').length === 1);
    const prompts = api.of('assistant.threads.setSuggestedPrompts')[0]!.body;
    expect(prompts).toMatchObject({ channel_id: 'DASSIST', thread_ts: thread });
    expect((prompts.prompts as { message: string }[]).map((p) => p.message)).toContain('Which MRAs has Peru signed?');
    expect(posts('DASSIST')[0]?.body).toMatchObject({ thread_ts: thread });
  });

  it('shows "is thinking...", titles the thread and answers in it', async () => {
    const thread = nextTs();
    const user = newUser();
    await send(eventEnvelope({ type: 'message', channel_type: 'im', channel: 'DASSIST2', user, text: 'Which MRAs has Peru signed?', ts: nextTs(), thread_ts: thread }));
    await api.waitFor(() => posts('DASSIST2').length === 1);
    expect(api.of('assistant.threads.setStatus')[0]?.body).toMatchObject({ channel_id: 'DASSIST2', thread_ts: thread, status: 'is thinking...' });
    expect(api.of('assistant.threads.setTitle')[0]?.body).toMatchObject({ title: 'Which MRAs has Peru signed?' });
    expect(posts('DASSIST2')[0]?.body).toMatchObject({ thread_ts: thread });
    expect(posts('DASSIST2')[0]?.body.text).toMatch(/^Peru has 1 AEO mutual recognition/);
    const order = api.calls.filter((c) => (c.body.channel ?? c.body.channel_id) === 'DASSIST2').map((c) => c.method);
    expect(order.indexOf('assistant.threads.setStatus')).toBeLessThan(order.indexOf('chat.postMessage'));
  });
});

describe('Block Kit rendering', () => {
  const messages = () => svc.messages;
  const base = { citations: [{ n: 1, title: 'Registry', source: 'mra/registry.yaml', url: 'https://example.org/a|b>c' }], confidence: 1, declined: false, followUps: [], language: 'en' };

  it('renders MRA rows once, as a table block, with the bullets only in the text fallback', () => {
    const a: Answer = {
      ...base, kind: 'mra', answer: 'Japan has 2 arrangements:\n- EU [1]\n- <Korea> & co [1]',
      data: { type: 'mra-table', columns: [{ key: 'partner', label: 'Partner' }, { key: 'status', label: 'Status' }], rows: [{ n: 1, partner: 'European Union', status: 'in force' }, { n: 1, partner: '<Korea> & co', status: 'signed' }] },
    };
    const { blocks, text } = answerMessage(a, { answerId: 'x', question: 'q', messages: messages(), experts: false });
    const tables = blocks.filter((b) => b.type === 'table') as unknown as { rows: Record<string, unknown>[][] }[];
    expect(tables).toHaveLength(1);
    const rows = tables[0]!.rows;
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows[0])).toContain('"text":"Partner","style":{"bold":true}');
    // Table cells are plain text: shown as written, not mrkdwn-escaped; the first cell links its source.
    expect(JSON.stringify(rows[2]![0])).toContain('"text":"<Korea> & co "');
    expect(rows[2]![0]).toMatchObject({ type: 'rich_text' });
    expect(JSON.stringify(rows[2]![0])).toContain('"type":"link","url":"https://example.org/a|b>c","text":"[1]"');
    expect(rows[2]![1]).toEqual({ type: 'raw_text', text: 'signed' });
    const sections = JSON.stringify(blocks.filter((b) => b.type === 'section'));
    expect(sections).toContain('Japan has 2 arrangements:');
    expect(sections).not.toContain('European Union');
    expect(sections).not.toContain('```');
    expect(text).toContain('- &lt;Korea&gt; &amp; co');
    expect(JSON.stringify(blocks)).not.toContain('aeo_expert');
  });

  it('renders a comparison as section fields and clarify choices as buttons', () => {
    const cmp = answerMessage({
      ...base, kind: 'comparison', answer: 'AEO programmes compared: Peru, Mexico\n- Agency: Peru: SUNAT [1]; Mexico: none',
      data: { type: 'comparison', columns: [{ label: 'Peru', n: 1 }, { label: 'Mexico' }], rows: [{ label: 'Agency', values: ['SUNAT', 'none'] }] },
    }, { answerId: 'x', question: 'q', messages: messages(), experts: true });
    const section = cmp.blocks.find((b) => b.type === 'section' && 'fields' in b && b.fields) as { fields: { text: string }[] };
    expect(section.fields.map((f) => f.text)).toEqual(['*Peru* <https://example.org/a%7Cb%3Ec|[1]>\nSUNAT', '*Mexico*\nnone']);
    expect(JSON.stringify(cmp.blocks.filter((b) => b.type === 'section'))).not.toContain('- Agency');
    const clarify = answerMessage({ ...base, citations: [], kind: 'clarify', answer: 'Which one?', data: { type: 'clarify', choices: [{ label: 'Peru', value: 'AEO in Peru?' }] } },
      { answerId: 'x', question: 'q', messages: messages(), experts: true });
    const actions = clarify.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    expect(JSON.stringify(actions)).toContain('"value":"AEO in Peru?"');
  });
});

describe('Slack channel off', () => {
  it('stays off without a bot token and signing secret, and says so once', async () => {
    const off = await startFixtureService({ channels: true });
    try {
      expect(off.logs.records.filter((r) => /Slack channel off/.test(r.msg))).toHaveLength(1);
      expect((await sendSlack(off.base, 'x', '{}')).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
