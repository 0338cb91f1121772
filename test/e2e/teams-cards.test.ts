import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector, TEAMS_MAX_MESSAGE_BYTES } from '../helpers/fake-connector.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { REPO } from '../helpers/paths.js';
import { cardsOf, checkCard } from '../helpers/teams-cards.js';
import { teamsBed } from '../helpers/teams-bed.js';

// Over the shipped knowledge: the answers a company's users would get, MRA lists and comparisons at full size.
const bed = teamsBed();
let svc: RunningService;
let connector: FakeConnector;
let seq = 0;

beforeAll(async () => {
  connector = bed.connector;
  svc = await startFixtureService({
    channels: true,
    env: {
      KNOWLEDGE_DIR: join(REPO, 'knowledge'),
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      FEEDBACK_FILE: `${bed.dir}/feedback.jsonl`,
      TEAMS_EXPERTS_CONVERSATION_ID: '19:experts@thread.tacv2',
      TEAMS_EXPERTS_SERVICE_URL: connector.url,
    },
  });
}, 120_000);
afterAll(async () => {
  await svc?.close();
});

/** Posts one question and returns the bot's messages once the HTTP turn has finished. */
async function ask(
  text: string,
  conversationType: string,
  to: FakeConnector = connector,
  conversation = `conv-${seq}`,
) {
  seq += 1;
  to.reset();
  const res = await fetch(`${svc.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `q-${seq}`,
      channelId: 'msteams',
      serviceUrl: to.url,
      text,
      from: { id: 'user-1', name: 'Trader', aadObjectId: 'aad-1' },
      recipient: { id: 'bot-1', name: 'aeo-bot' },
      conversation: { id: conversation, conversationType },
    }),
  });
  expect(res.status).toBe(200);
  return to.messageCalls();
}

const QUESTIONS = [
  'What is an Authorized Economic Operator?',
  'Which MRAs does the United States have?',
  'Which MRAs has the European Union signed?',
  'List the MRAs of Japan',
  'Does Japan have an MRA with the EU?',
  'Compare the AEO programmes of Peru and Chile',
  'Compare CTPAT and PIP',
  'What are the benefits of AEO in Colombia?',
  'Who can apply for AEO status in Mexico?',
  'How do I apply to the AEO programme of Canada?',
  'How long is AEO certification valid in the EU?',
  'Does AEO certification cost anything?',
  'Is AEO status mandatory?',
  'check my eligibility',
  'What is the SAFE Framework of Standards?',
  'How many MRAs has Korea signed?',
  'Which was the first AEO MRA?',
  '¿Qué es un OEA?',
  '¿Qué acuerdos de reconocimiento mutuo tiene México?',
  'Beneficios del OEA en Perú',
  "Qu'est-ce qu'un opérateur économique agréé ?",
  'Quels ARM a signés le Canada ?',
  'Compare the fees of PIP and CTPAT',
  'What penalties apply to an AEO in Brazil?',
  'hello',
  'thanks!',
  'Will the US sign an MRA with Brazil next year?',
  'What is the weather in Paris?',
  'Can you file my AEO application for me?',
  'What does AEO-S mean?',
];

describe('Teams cards for 30 varied questions', () => {
  it('every card validates with adaptivecards (0 errors, at most 6 actions) and every message fits Teams', async () => {
    expect(QUESTIONS).toHaveLength(30);
    let cards = 0;
    for (const [i, q] of QUESTIONS.entries()) {
      const sent = await ask(q, i % 3 === 0 ? 'channel' : i % 3 === 1 ? 'personal' : 'groupChat');
      expect(sent.length, q).toBeGreaterThan(0);
      expect(connector.refused, q).toEqual([]);
      for (const call of sent) {
        expect(call.bytes, q).toBeLessThanOrEqual(TEAMS_MAX_MESSAGE_BYTES);
        for (const card of cardsOf(call.body)) {
          const check = checkCard(card);
          expect(check.errors, q).toEqual([]);
          expect(check.actions, q).toBeLessThanOrEqual(6);
          cards += 1;
        }
      }
    }
    expect(cards).toBeGreaterThanOrEqual(30);
  }, 120_000);

  it('sends the US MRA list as one message: summary text, the table only in the card, at full width', async () => {
    const sent = await ask('Which MRAs does the United States have?', 'personal');
    expect(sent).toHaveLength(1);
    const msg = sent[0]!.body;
    expect(String(msg.text)).toMatch(/^United States has \d+ AEO mutual recognition arrangements/);
    expect(String(msg.text).length).toBeLessThanOrEqual(160);
    const card = cardsOf(msg)[0]!;
    expect(card.msteams).toEqual({ width: 'Full' });
    const body = JSON.stringify(card.body);
    expect(body.match(/"type":"Table"/g)).toHaveLength(1);
    // The list is shown once, as the table (not again as "- " lines).
    expect(body).not.toMatch(/"text":"[^"]*\\n- Canada/);
    expect(body).toContain('Canada \\\\[');
    expect(sent[0]!.bytes).toBeLessThan(TEAMS_MAX_MESSAGE_BYTES);
  });

  it('splits or shortens, never drops, an answer Teams refuses as too large', async () => {
    const small = new FakeConnector(11_000);
    await small.start();
    try {
      const sent = await ask('Which MRAs does the United States have?', 'personal', small);
      expect(small.refused.length).toBeGreaterThan(0);
      expect(sent.length).toBeGreaterThan(0);
      const last = JSON.stringify(sent.at(-1)!.body);
      expect(last).toMatch(/has been shortened\. \[See more in the source\]\(https?:/);
      expect(svc.logs.records.some((r) => /refused an answer message as too large/.test(r.msg))).toBe(true);
    } finally {
      await small.stop();
    }
  });

  it('sends the summary and a note in plain text when even the shortened card is refused', async () => {
    const tiny = new FakeConnector(3_000);
    await tiny.start();
    try {
      const sent = await ask('Which MRAs does the United States have?', 'personal', tiny);
      expect(tiny.refused).toHaveLength(2);
      expect(sent).toHaveLength(1);
      expect(String(sent[0]!.body.text)).toMatch(
        /^United States has \d+ AEO mutual .*\n\nThis answer was too long for one Teams message and has been shortened\.$/s,
      );
    } finally {
      await tiny.stop();
    }
  });
});

describe("the Teams app's command list", () => {
  it('offers only questions the bot answers, in en, es and fr; the eligibility command starts the check', async () => {
    const manifest = JSON.parse(await readFile(join(REPO, 'teams/manifest.json'), 'utf8')) as {
      bots: { commandLists: { commands: { title: string }[] }[] }[];
    };
    const titles = { en: manifest.bots[0]!.commandLists[0]!.commands.map((c) => c.title) } as Record<string, string[]>;
    for (const lang of ['es', 'fr']) {
      const doc = JSON.parse(await readFile(join(REPO, `teams/${lang}.json`), 'utf8')) as Record<string, string>;
      titles[lang] = titles.en!.map((_, i) => doc[`bots[0].commandLists[0].commands[${i}].title`]!);
    }
    for (const [lang, list] of Object.entries(titles)) {
      for (const [i, title] of list.entries()) {
        const a = await svc.engine.answer(title, { channel: 'teams', conversationId: `commands-${lang}-${i}` });
        expect(a.declined, `${lang}: ${title}`).toBe(false);
        expect(a.language, `${lang}: ${title}`).toBe(lang);
        if (titles.en![i] === 'Check my eligibility') expect(a.kind, `${lang}: ${title}`).toBe('eligibility');
      }
    }
  });
});
