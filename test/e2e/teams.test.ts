import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { cardsOf, checkCard } from '../helpers/teams-cards.js';
import { tempDir } from '../helpers/tmp.js';

let svc: RunningService;
let connector: FakeConnector;
let other: FakeConnector;
let feedbackFile: string;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let seq = 0;

beforeAll(async () => {
  tmp = await tempDir();
  feedbackFile = `${tmp.dir}/feedback.jsonl`;
  connector = new FakeConnector();
  other = new FakeConnector();
  await connector.start();
  await other.start();
  svc = await startFixtureService({
    channels: true,
    env: {
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      FEEDBACK_FILE: feedbackFile,
      TEAMS_EXPERTS_CONVERSATION_ID: '19:experts@thread.tacv2',
      TEAMS_EXPERTS_SERVICE_URL: connector.url,
    },
  });
});
afterAll(async () => {
  await svc?.close();
  await connector?.stop();
  await other?.stop();
  await tmp?.cleanup();
});
beforeEach(() => {
  connector.reset();
  other.reset();
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
  fetch(`${svc.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

type Action = { type: string; title: string; data?: Record<string, unknown>; card?: { actions?: Action[] } };
const cardOf = (msg: Record<string, unknown>) =>
  (msg.attachments as { contentType: string; content: Record<string, unknown> }[])[0]!;
const actionsOf = (msg: Record<string, unknown>) => (cardOf(msg).content.actions ?? []) as Action[];
const allActions = (msg: Record<string, unknown>): Action[] =>
  actionsOf(msg).flatMap((a) => [a, ...(a.card?.actions ?? [])]);
const cardText = (msg: Record<string, unknown>) => JSON.stringify(cardOf(msg).content.body);
const feedbackLines = async () =>
  (await readFile(feedbackFile, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function expectValidCards(msg: Record<string, unknown>): void {
  for (const card of cardsOf(msg)) {
    const check = checkCard(card);
    expect(check.errors).toEqual([]);
    expect(check.actions).toBeLessThanOrEqual(6);
  }
}

describe('Teams channel over Bot Framework activities', () => {
  it('answers a personal chat with one message: the card carries the answer, text only a short summary', async () => {
    const res = await post(activity({ text: 'Can a freight forwarder become an AEO in Peru?' }));
    expect(res.status).toBe(200);
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.calls[0]?.body.type).toBe('typing');
    expect(connector.messages()).toHaveLength(1);
    const msg = connector.messages()[0]!;
    expect(connector.messageCalls()[0]?.path).toMatch(/^\/v3\/conversations\/conv-personal\/activities\/a-/);
    const summary = String(msg.text);
    expect(summary.length).toBeLessThanOrEqual(160);
    expect(summary).not.toMatch(/\[\d+\]/);
    expect(summary).toMatch(/freight forwarders/);
    const card = cardOf(msg);
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.version).toBe('1.5');
    expect(cardText(msg)).toMatch(/freight forwarders \\\\\[1\\\\\]/);
    expect(cardText(msg)).toContain('[1] [Peru - Operador Económico Autorizado (OEA)](https://www.sunat.gob.pe/)');
    const entity = (msg.entities as Record<string, unknown>[])[0]!;
    expect(entity.additionalType).toEqual(['AIGeneratedContent']);
    // One feedback control: Teams' own in a chat, so the card has no helpful / not helpful buttons.
    expect(msg.channelData).toMatchObject({ feedbackLoopEnabled: true });
    expect(allActions(msg).map((a) => a.data?.action)).not.toContain('feedback');
    expectValidCards(msg);
  });

  it('strips the mention and a following &nbsp; in a channel, where the card carries the feedback buttons', async () => {
    await post(
      activity(
        {
          text: '<at>aeo-bot</at>&nbsp;Does Japan have an MRA with the EU?',
          entities: [{ type: 'mention', mentioned: { id: 'bot-1', name: 'aeo-bot' }, text: '<at>aeo-bot</at>' }],
        },
        'channel',
      ),
    );
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const msg = connector.messages()[0]!;
    expect(msg.text).toMatch(/^Yes\. Japan and European Union/);
    expect(msg.entities).toBeUndefined();
    expect(msg.channelData).toBeUndefined();
    expect(cardText(msg)).toMatch(/"text":"Yes\. Japan and European Union have an AEO mutual recognition/);
    // In a channel Teams has no feedback loop: the card's buttons are the one control.
    expect(allActions(msg).filter((a) => a.data?.action === 'feedback')).toHaveLength(2);
    expectValidCards(msg);
  });

  it('answers a resent activity once', async () => {
    const act = activity({ text: 'Who grants AEO status?' });
    await post(act);
    await post(act);
    await connector.waitFor((c) => c.filter((x) => x.body.type === 'message').length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.messages()).toHaveLength(1);
  });

  it('records a card feedback click with the answer id and the question kept on the server', async () => {
    await post(
      activity(
        { text: 'Who grants AEO status?', conversation: { id: 'conv-fb', conversationType: 'channel' } },
        'channel',
      ),
    );
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const notHelpful = allActions(connector.messages()[0]!).find(
      (a) => a.data?.action === 'feedback' && a.data.helpful === false,
    )!;
    expect(Object.keys(notHelpful.data!).sort()).toEqual(['action', 'answerId', 'helpful']);
    connector.reset();
    await post(
      activity(
        { text: '', value: notHelpful.data, conversation: { id: 'conv-fb', conversationType: 'channel' } },
        'channel',
      ),
    );
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.messages()[0]?.text).toBe('Thanks for the feedback.');
    expect((await feedbackLines()).at(-1)).toMatchObject({
      channel: 'teams',
      userId: 'aad-user-1',
      answerId: notHelpful.data!.answerId,
      helpful: false,
      question: 'Who grants AEO status?',
    });
  });

  it("stores Teams' own feedback (message/submitAction) with answer id, question, rating, comment and AAD id", async () => {
    const conversation = { id: 'conv-loop', conversationType: 'personal' };
    await post(activity({ text: 'Who grants AEO status?', conversation }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const sent = connector.messageCalls()[0]!;
    const answerId = allActions(sent.body).find((a) => a.data?.action === 'expert')!.data!.answerId;
    const res = await post(
      activity({
        type: 'invoke',
        name: 'message/submitAction',
        text: undefined,
        replyToId: sent.id,
        conversation,
        value: {
          actionName: 'feedback',
          actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'Name the agency please' }) },
        },
      }),
    );
    expect(res.status).toBe(200);
    expect((await feedbackLines()).at(-1)).toMatchObject({
      channel: 'teams',
      answerId,
      question: 'Who grants AEO status?',
      helpful: false,
      comment: 'Name the agency please',
      userId: 'aad-user-1',
    });
  });

  it('drives the eligibility check with one choice list and one submit button', async () => {
    const conversation = { id: 'conv-elig', conversationType: 'personal' };
    await post(activity({ text: 'check my eligibility', conversation }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const msg = connector.messages()[0]!;
    expectValidCards(msg);
    const body = cardOf(msg).content.body as {
      type: string;
      id?: string;
      choices?: { title: string; value: string }[];
    }[];
    const list = body.find((e) => e.type === 'Input.ChoiceSet')!;
    expect(list.choices!.map((c) => c.title)).toContain('Exporter');
    const submit = actionsOf(msg).find((a) => a.data?.action === 'choose')!;
    expect(actionsOf(msg)).toHaveLength(1);
    connector.reset();
    // Teams merges the inputs into the submit's data.
    await post(activity({ text: '', value: { ...submit.data, [list.id!]: 'exporter' }, conversation }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(cardText(connector.messages()[0]!)).toMatch(/Question 2 of 7/);
  });

  it('welcomes once when installed in a personal chat or added to a team, never when other people join', async () => {
    const update = (members: { id: string }[], conversation: Record<string, unknown>) =>
      activity({ type: 'conversationUpdate', text: undefined, membersAdded: members, conversation });
    const personal = { id: 'conv-install', conversationType: 'personal' };
    await post(update([{ id: 'bot-1' }], personal));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const msg = connector.messages()[0]!;
    expect(msg.text).toMatch(/^Hello!/);
    expect(actionsOf(msg).length).toBeGreaterThan(0);
    expectValidCards(msg);
    await post(update([{ id: 'bot-1' }], personal));
    const team = { id: '19:general@thread.tacv2', conversationType: 'channel' };
    await post(update([{ id: 'user-2' }, { id: 'user-3' }], team));
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.messages()).toHaveLength(1);
    connector.reset();
    await post(update([{ id: 'bot-1' }], team));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.messageCalls()[0]?.path).toMatch(/^\/v3\/conversations\/19%3Ageneral%40thread\.tacv2\/activities/);
    connector.reset();
    // In the language of the user's Teams client.
    await post({ ...update([{ id: 'bot-1' }], { id: 'conv-install-es', conversationType: 'personal' }), locale: 'es-ES' });
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.messages()[0]?.text).toMatch(/^¡Hola!/);
  });

  it('replies politely to an empty message and to an over-long one', async () => {
    await post(activity({ text: '   ' }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    expect(connector.messages()[0]?.text).toMatch(/Please type a question/);
    connector.reset();
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
  const asker = { id: 'conv-asker', conversationType: 'personal' };
  const expertsConv = { id: '19:experts@thread.tacv2;messageid=1700000000000', conversationType: 'channel' };

  async function forwardOne(): Promise<string> {
    await post(activity({ text: 'Who grants AEO status?', conversation: asker }));
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const expert = allActions(connector.messages()[0]!).find((a) => a.title === 'Ask a customs expert')!;
    expect(Object.keys(expert.data!).sort()).toEqual(['action', 'answerId']);
    connector.reset();
    await post(activity({ text: '', value: expert.data, conversation: asker }));
    await connector.waitFor(
      (c) => c.some((x) => x.path.includes('19%3Aexperts')) && c.some((x) => x.path.includes('conv-asker')),
    );
    const toExperts = connector.calls.find((x) => x.path.includes('19%3Aexperts'))!;
    expect(toExperts.body.text).toMatch(/Question for a customs expert from Trader: Who grants AEO status\?/);
    expect(connector.calls.find((x) => x.path.includes('conv-asker'))?.body.text).toMatch(/forwarded your question/);
    const resolve = actionsOf(toExperts.body)[0]!.data!;
    // Only an opaque ticket travels in the card: no conversation, service URL or user.
    expect(Object.keys(resolve).sort()).toEqual(['action', 'ticket']);
    connector.reset();
    return String(resolve.ticket);
  }

  it('forwards question and answer to the experts channel and relays "resolved" back once', async () => {
    const ticket = await forwardOne();
    const click = () =>
      post(
        activity(
          {
            text: '',
            value: { action: 'resolve', ticket },
            from: { id: 'expert-1', name: 'Expert' },
            conversation: expertsConv,
          },
          'channel',
        ),
      );
    await click();
    await connector.waitFor((c) =>
      c.some(
        (x) =>
          x.path.startsWith('/v3/conversations/conv-asker/activities') &&
          /marked your question as resolved/.test(String(x.body.text)),
      ),
    );
    await connector.waitFor((c) =>
      c.some((x) => x.path.includes('19%3Aexperts') && /Marked resolved/.test(String(x.body.text))),
    );
    connector.reset();
    await click();
    await connector.waitFor((c) => c.some((x) => /already marked resolved/.test(String(x.body.text))));
    expect(connector.calls.some((x) => x.path.includes('conv-asker'))).toBe(false);
  });

  it('ignores a resolve click from any other conversation, and never posts where a crafted click says', async () => {
    const ticket = await forwardOne();
    const crafted = {
      action: 'resolve',
      ticket,
      question: 'x',
      lang: 'en',
      asker: { serviceUrl: other.url, conversation: { id: 'victim' }, channelId: 'msteams' },
    };
    await post(
      activity({ text: '', value: crafted, conversation: { id: 'conv-mallory', conversationType: 'personal' } }),
    );
    await post(activity({ text: '', value: { ...crafted, ticket: 'made-up' }, conversation: expertsConv }, 'channel'));
    await new Promise((r) => setTimeout(r, 400));
    expect(other.calls).toHaveLength(0);
    expect(connector.calls.some((x) => x.path.includes('conv-asker'))).toBe(false);
    expect(svc.logs.records.some((r) => /resolve click outside the experts conversation ignored/.test(r.msg))).toBe(
      true,
    );
  });
});

describe('Teams security', () => {
  it('is off without an app id unless unauthenticated use is explicitly allowed', async () => {
    const off = await startFixtureService({ channels: true });
    try {
      expect(
        (
          await fetch(`${off.base}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(activity()),
          })
        ).status,
      ).toBe(404);
      expect(off.logs.records.some((r) => /Teams channel off/.test(r.msg))).toBe(true);
    } finally {
      await off.close();
    }
  });

  it('logs a loud warning when running unauthenticated', () => {
    expect(svc.logs.records.some((r) => r.level === 'warn' && /WITHOUT AUTHENTICATION/.test(r.msg))).toBe(true);
  });
});
