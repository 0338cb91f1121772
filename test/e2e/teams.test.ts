import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { tempDir } from '../helpers/tmp.js';

let svc: RunningService;
let connector: FakeConnector;
let feedbackFile: string;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let seq = 0;

beforeAll(async () => {
  tmp = await tempDir();
  feedbackFile = `${tmp.dir}/feedback.jsonl`;
  connector = new FakeConnector();
  await connector.start();
  svc = await startFixtureService({ channels: true, env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true', FEEDBACK_FILE: feedbackFile, TEAMS_EXPERTS_CONVERSATION_ID: 'experts-conv', TEAMS_EXPERTS_SERVICE_URL: connector.url } });
});
afterAll(async () => {
  await svc?.close();
  await connector?.stop();
  await tmp?.cleanup();
});
beforeEach(() => {
  connector.calls.length = 0;
});

function activity(extra: Record<string, unknown> = {}, conversationType = 'personal'): Record<string, unknown> {
  seq += 1;
  return {
    type: 'message',
    id: `a-${seq}-${Date.now()}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: 'user-1', name: 'Trader', aadObjectId: 'aad-user-1' },
    recipient: { id: 'bot-1', name: 'aeo-bot' },
    conversation: { id: `conv-${conversationType}`, conversationType },
    text: 'What is an MRA?',
    ...extra,
  };
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${svc.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const cardOf = (msg: Record<string, unknown>) => ((msg.attachments as { contentType: string; content: Record<string, unknown> }[])[0]!);

describe('Teams channel over Bot Framework activities', () => {
  it('answers a personal chat with typing, an Adaptive Card, a text fallback, AI label and citations', async () => {
    const res = await post(activity({ text: 'Can a freight forwarder become an AEO in Peru?' }));
    expect(res.status).toBe(200);
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.calls[0]?.body.type).toBe('typing');
    const msg = connector.messages()[0]!;
    expect(connector.calls.find((c) => c.body.type === 'message')?.path).toMatch(/^\/v3\/conversations\/conv-personal\/activities\/a-/);
    expect(msg.text).toMatch(/freight forwarders \[1\]/);
    const card = cardOf(msg);
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.version).toBe('1.5');
    expect(JSON.stringify(card.content.body)).toContain('[1] [Peru - Operador Económico Autorizado (OEA)](https://www.sunat.gob.pe/)');
    const entity = (msg.entities as Record<string, unknown>[])[0]!;
    expect(entity.additionalType).toEqual(['AIGeneratedContent']);
    expect((entity.citation as { position: number }[])[0]?.position).toBe(1);
    expect(msg.channelData).toMatchObject({ feedbackLoopEnabled: true });
  });

  it('strips the mention in a channel and leaves out the personal-chat AI entities there', async () => {
    await post(activity({
      text: '<at>aeo-bot</at> Does Japan have an MRA with the EU?',
      entities: [{ type: 'mention', mentioned: { id: 'bot-1', name: 'aeo-bot' }, text: '<at>aeo-bot</at>' }],
    }, 'channel'));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const msg = connector.messages()[0]!;
    expect(msg.text).toMatch(/^Yes\. Japan and European Union/);
    expect(msg.entities).toBeUndefined();
    expect(JSON.stringify(cardOf(msg).content.body)).toContain('"type":"Table"');
  });

  it('answers a resent activity once', async () => {
    const act = activity({ text: 'Who grants AEO status?' });
    await post(act);
    await post(act);
    await connector.waitFor((c) => c.filter((x) => x.body.type === 'message').length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.messages()).toHaveLength(1);
  });

  it('records card feedback in the feedback store and confirms', async () => {
    await post(activity({ text: '', value: { action: 'feedback', helpful: false, answerId: 'ans-1', question: 'What is an MRA?', kind: 'curated' } }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.messages()[0]?.text).toBe('Thanks for the feedback.');
    const lines = (await readFile(feedbackFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ channel: 'teams', userId: 'aad-user-1', answerId: 'ans-1', helpful: false, question: 'What is an MRA?' });
  });

  it('drives the eligibility check with card buttons in one conversation', async () => {
    await post(activity({ text: 'check my eligibility', conversation: { id: 'conv-elig', conversationType: 'personal' } }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const actions = cardOf(connector.messages()[0]!).content.actions as { title: string; data: { action: string; text: string } }[];
    expect(actions.map((a) => a.title)).toContain('Exporter');
    connector.calls.length = 0;
    await post(activity({ text: '', value: actions.find((a) => a.title === 'Exporter')!.data, conversation: { id: 'conv-elig', conversationType: 'personal' } }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.messages()[0]?.text).toMatch(/Question 2 of 7/);
  });

  it('welcomes new members with example questions', async () => {
    await post(activity({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: 'user-2' }] }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const msg = connector.messages()[0]!;
    expect(msg.text).toMatch(/^Hello!/);
    expect((msg.suggestedActions as { actions: unknown[] }).actions.length).toBeGreaterThan(0);
  });

  it('replies politely to an empty message and to an over-long one', async () => {
    await post(activity({ text: '   ' }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.messages()[0]?.text).toMatch(/Please type a question/);
    connector.calls.length = 0;
    await post(activity({ text: 'Please tell me everything about the benefits of AEO programmes. '.repeat(40) }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.messages()[0]?.text).toMatch(/too long/);
  });

  it('rejects malformed and oversized activities with 400, never a crash', async () => {
    expect((await post('{"type": ')).status).toBe(400);
    expect((await post({ hello: 'world' })).status).toBe(400);
    expect((await post({ ...activity(), text: 'x'.repeat(300_000) })).status).toBe(400);
    expect((await fetch(`${svc.base}/healthz`)).status).toBe(200);
  });
});

describe('Ask a customs expert', () => {
  it('forwards question and answer to the experts channel, tells the asker, and relays "resolved" back', async () => {
    await post(activity({ text: 'Who grants AEO status?', conversation: { id: 'conv-asker', conversationType: 'personal' } }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const actions = cardOf(connector.messages()[0]!).content.actions as { title: string; data: Record<string, unknown> }[];
    const expert = actions.find((a) => a.title === 'Ask a customs expert')!;
    expect(expert.data).toMatchObject({ action: 'expert', question: 'Who grants AEO status?' });
    connector.calls.length = 0;

    await post(activity({ text: '', value: expert.data, conversation: { id: 'conv-asker', conversationType: 'personal' } }));
    await connector.waitFor((c) => c.some((x) => x.path.startsWith('/v3/conversations/experts-conv/activities')) && c.some((x) => x.path.includes('conv-asker')));
    const toExperts = connector.calls.find((x) => x.path.startsWith('/v3/conversations/experts-conv/activities'))!;
    expect(toExperts.body.text).toMatch(/Question for a customs expert from Trader: Who grants AEO status\?/);
    const resolve = (cardOf(toExperts.body).content.actions as { data: Record<string, unknown> }[])[0]!.data;
    expect(connector.calls.find((x) => x.path.includes('conv-asker'))?.body.text).toMatch(/forwarded your question/);
    connector.calls.length = 0;

    await post(activity({ text: '', value: resolve, from: { id: 'expert-1', name: 'Expert' }, conversation: { id: 'experts-conv', conversationType: 'channel' } }));
    await connector.waitFor((c) => c.some((x) => x.path.startsWith('/v3/conversations/conv-asker/activities') && /marked your question as resolved/.test(String(x.body.text))));
    await connector.waitFor((c) => c.some((x) => x.path.includes('experts-conv') && /Marked resolved/.test(String(x.body.text))));
  });
});

describe('Teams security', () => {
  it('is off without an app id unless unauthenticated use is explicitly allowed', async () => {
    const off = await startFixtureService({ channels: true });
    try {
      expect((await fetch(`${off.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity()) })).status).toBe(404);
      expect(off.logs.records.some((r) => /Teams channel off/.test(r.msg))).toBe(true);
    } finally {
      await off.close();
    }
  });

  it('answers 401 to a request without a token when an app id is set', async () => {
    const secured = await startFixtureService({ channels: true, env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' } });
    try {
      const res = await fetch(`${secured.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity()) });
      expect(res.status).toBe(401);
      expect(connector.messages()).toHaveLength(0);
    } finally {
      await secured.close();
    }
  });

  it('logs a loud warning when running unauthenticated', () => {
    expect(svc.logs.records.some((r) => r.level === 'warn' && /WITHOUT AUTHENTICATION/.test(r.msg))).toBe(true);
  });
});
