import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { cardsOf, checkCard } from '../helpers/teams-cards.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { tempDir } from '../helpers/tmp.js';
import { openChat, shot, VIEWPORTS } from '../helpers/web-checks.js';

const EXPERTS = 'CEXPERTS1';
let slack: FakeSlackApi;
let svc: RunningService;
let browser: Browser;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let feedbackFile: string;

beforeAll(async () => {
  slack = new FakeSlackApi();
  await slack.start();
  tmp = await tempDir();
  feedbackFile = `${tmp.dir}/feedback.jsonl`;
  // Slack's bot token and experts channel only: the web hand-off posts there; the Slack channel itself stays off.
  svc = await startFixtureService({
    env: {
      SLACK_BOT_TOKEN: 'xoxb-web', SLACK_EXPERTS_CHANNEL: EXPERTS, SLACK_API_URL: slack.apiUrl,
      FEEDBACK_FILE: feedbackFile,
      ASK_RATE_LIMIT_PER_MINUTE: '1000',
    },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
  await slack?.stop();
  await tmp?.cleanup();
});

const stored = async () => (await readFile(feedbackFile, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean)
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const post = (path: string, body: unknown) => fetch(`${svc.base}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('"Ask a customs expert" on the web with a Slack experts channel', () => {
  it('posts the question, the answer and the e-mail into the experts channel from the chat page', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[1]);
    await page.fill('#q', 'Can a freight forwarder become an AEO in Peru?');
    await page.keyboard.press('Enter');
    const answer = page.locator('.msg.bot');
    await answer.waitFor();
    await answer.getByRole('button', { name: 'Ask a customs expert' }).click();
    await answer.getByLabel(/Your e-mail/).fill('broker@example.org');
    await answer.getByRole('button', { name: 'Send to an expert' }).click();
    await answer.getByText(/they will reply to broker@example.org/).waitFor();
    await shot(page, 'phone-expert-sent');
    const calls = slack.calls.filter((c) => c.method === 'chat.postMessage');
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.token).toBe('xoxb-web');
    expect(call.body.channel).toBe(EXPERTS);
    expect(String(call.body.text)).toBe(
      'Question for a customs expert from a web chat user: Can a freight forwarder become an AEO in Peru?',
    );
    const blocks = JSON.stringify(call.body.blocks);
    expect(blocks).toContain('freight forwarders');
    expect(blocks).toContain('Reply by e-mail to broker@example.org.');
    // Nothing for the asker to be told in Slack: no "Mark resolved" button, and the store holds no copy.
    expect(blocks).not.toContain('"actions"');
    expect(await stored()).toEqual([]);
    await page.context().close();
  });

  it('keeps the request in the feedback store when Slack refuses it, so no question is lost', async () => {
    slack.failures.set('chat.postMessage', 'channel_not_found');
    try {
      const res = await post('/api/expert', {
        answerId: 'a-1', question: 'Who signs an MRA?', answer: 'Customs administrations.', language: 'es',
        conversationId: 'c-9',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, forwardedTo: 'store' });
    } finally {
      slack.failures.delete('chat.postMessage');
    }
    expect(await stored()).toEqual([expect.objectContaining({
      type: 'expert-request', channel: 'web', userId: 'web:c-9', answerId: 'a-1', question: 'Who signs an MRA?',
      language: 'es',
    })]);
    expect(svc.logs.records.some((l) => l.msg.includes('experts channel refused a web question'))).toBe(true);
  });
});

describe('the feedback API', () => {
  it('refuses malformed ratings and expert requests with stable codes, and stores nothing for them', async () => {
    const before = (await stored()).length;
    const cases: [string, unknown][] = [
      ['/api/feedback', { answerId: 'a', question: 'q' }],
      ['/api/feedback', { answerId: 'a', question: 'q', helpful: 'yes' }],
      ['/api/feedback', { answerId: 'x'.repeat(101), question: 'q', helpful: true }],
      ['/api/feedback', [1, 2]],
      ['/api/expert', { answerId: 'a', question: 'q', answer: 'a', email: 'not an address' }],
      ['/api/expert', { answerId: 'a', question: 'q' }],
    ];
    for (const [path, body] of cases) {
      const res = await post(path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    }
    // A body another site's page could send without a preflight (text/plain) is not read.
    const plain = await fetch(`${svc.base}/api/feedback`, {
      method: 'POST', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ answerId: 'a', question: 'q', helpful: true }),
    });
    expect(plain.status).toBe(400);
    expect((await stored()).length).toBe(before);
    const ok = await post('/api/feedback', { answerId: 'a-2', question: 'q'.repeat(5000), helpful: true });
    expect(ok.status).toBe(200);
    const last = (await stored()).at(-1)!;
    expect(last).toMatchObject({ channel: 'web', helpful: true, answerId: 'a-2', userId: 'web:anonymous' });
    expect(String(last.question)).toHaveLength(1000);
  });
});

describe('"Ask a customs expert" on the web with a Teams experts conversation', () => {
  it('sends a card with question, answer and e-mail to the experts conversation, with no resolve button', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const dir = await tempDir();
    const teams = await startFixtureService({
      ready: false,
      env: {
        TEAMS_ALLOW_UNAUTHENTICATED: 'true', TEAMS_EXPERTS_CONVERSATION_ID: '19:experts@thread.tacv2',
        TEAMS_EXPERTS_SERVICE_URL: connector.url, FEEDBACK_FILE: `${dir.dir}/feedback.jsonl`,
      },
    });
    try {
      const res = await fetch(`${teams.base}/api/expert`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          answerId: 'a-7', question: '¿Quién firma un ARM?', answer: 'Las aduanas [1].', language: 'es',
          email: 'ana@example.org',
        }),
      });
      expect(await res.json()).toEqual({ ok: true, forwardedTo: 'teams' });
      const call = connector.messageCalls().find((c) => c.path.includes('19%3Aexperts%40thread.tacv2'))!;
      expect(call.method).toBe('POST');
      const [card] = cardsOf(call.body);
      expect(checkCard(card).errors).toEqual([]);
      expect(checkCard(card).actions).toBe(0);
      const text = JSON.stringify(card);
      expect(text).toContain('Pregunta para un experto aduanero de un usuario del chat web');
      expect(text).toContain('¿Quién firma un ARM?');
      expect(text).toContain('Las aduanas \\\\[1\\\\].');
      expect(text).toContain('Responder por correo electrónico a ana@example.org.');
      expect(await readFile(`${dir.dir}/feedback.jsonl`, 'utf8').catch(() => '')).toBe('');
    } finally {
      await teams.close();
      await connector.stop();
      await dir.cleanup();
    }
  });
});
