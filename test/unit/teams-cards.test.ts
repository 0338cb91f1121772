import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/answer.js';
import { Messages } from '../../src/i18n/messages.js';
import { answerCards } from '../../src/channels/teams/adaptive-card.js';
import { CARD_BUDGET_BYTES } from '../../src/channels/teams/card-split.js';
import { plainIncomingText, summaryText } from '../../src/channels/teams/card-text.js';
import { readLoopFeedback } from '../../src/channels/teams/feedback-loop.js';
import { REPO } from '../helpers/paths.js';
import { cardsOf, checkCard } from '../helpers/teams-cards.js';

const m = Messages.load(join(REPO, 'prompts'));
const options = { answerId: 'ans-1', feedbackButtons: true, expertButton: true };
const answer = (extra: Partial<Answer> = {}): Answer => ({
  answer: 'Peru runs an OEA programme [1].',
  citations: [{ n: 1, title: 'Peru [OEA]', source: 'pe.md', url: 'https://www.sunat.gob.pe/' }],
  confidence: 0.9,
  declined: false,
  kind: 'retrieval',
  followUps: [],
  language: 'en',
  ...extra,
});
type Card = Record<string, unknown> & { body: Record<string, unknown>[]; actions?: Record<string, unknown>[] };
const asMessage = (card: Record<string, unknown>) => ({
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
});

function expectValid(cards: Record<string, unknown>[]): void {
  for (const card of cards.flatMap((c) => cardsOf(asMessage(c)))) {
    const check = checkCard(card);
    expect(check.errors).toEqual([]);
    expect(check.actions).toBeLessThanOrEqual(6);
  }
}

describe('Teams answer cards', () => {
  it('escapes Markdown in answer text so links and emphasis from knowledge or a model stay text', () => {
    const [card] = answerCards(
      answer({ answer: 'See [the portal](https://evil.example/) and *this* `code` [1].' }),
      m,
      options,
    ) as Card[];
    const text = String(card!.body[0]!.text);
    expect(text).toBe('See \\[the portal\\](https://evil.example/) and \\*this\\* \\`code\\` \\[1\\].');
    expect(JSON.stringify(card!.body)).toContain('[1] [Peru \\\\[OEA\\\\]](https://www.sunat.gob.pe/)');
  });

  it("keeps the engine's own bold labels in comparisons", () => {
    const [card] = answerCards(
      answer({ answer: '**Canada**: free [1].\n**United States**: free [2].' }),
      m,
      options,
    ) as Card[];
    expect(card!.body[0]!.text).toBe('**Canada**: free \\[1\\].\n**United States**: free \\[2\\].');
  });

  it('puts actions beyond the sixth into a "More" menu', () => {
    const followUps = ['Q1?', 'Q2?', 'Q3?', 'Q4?', 'Q5?'];
    const cards = answerCards(answer({ followUps }), m, options) as Card[];
    const actions = cards.at(-1)!.actions!;
    expect(actions).toHaveLength(6);
    expect(actions[5]).toMatchObject({ type: 'Action.ShowCard', title: 'More' });
    const inMore = ((actions[5]!.card as Card).actions ?? []).map((a) => a.title);
    expect([...actions.slice(0, 5).map((a) => a.title), ...inMore]).toEqual([
      ...followUps,
      'Helpful',
      'Not helpful',
      'Ask a customs expert',
    ]);
    expectValid(cards);
  });

  it('offers many eligibility choices as one choice list with one submit, a few as buttons', () => {
    const choices = Array.from({ length: 11 }, (_, i) => ({ label: `Option ${i + 1}`, value: `o${i + 1}` }));
    const many = answerCards(
      answer({ kind: 'eligibility', data: { type: 'eligibility', choices } }),
      m,
      options,
    ) as Card[];
    const list = many[0]!.body.find((e) => e.type === 'Input.ChoiceSet')!;
    expect((list.choices as unknown[]).length).toBe(11);
    expect(many[0]!.actions).toEqual([{ type: 'Action.Submit', title: 'Answer', data: { action: 'choose' } }]);
    expectValid(many);
    const few = answerCards(
      answer({ kind: 'eligibility', data: { type: 'eligibility', choices: choices.slice(0, 2) } }),
      m,
      options,
    ) as Card[];
    expect(few[0]!.body.some((e) => e.type === 'Input.ChoiceSet')).toBe(false);
    expect(few[0]!.actions!.map((a) => a.title)).toEqual(['Option 1', 'Option 2']);
  });

  it('splits a table too large for one Teams message across cards, each with the header, actions on the last', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({
      n: 1,
      partner: `Partner country number ${i}`,
      status: 'in force',
      signed: 'June 2010',
    }));
    const data = {
      type: 'mra-table',
      columns: [
        { key: 'partner', label: 'Partner' },
        { key: 'status', label: 'Status' },
        { key: 'signed', label: 'Signed' },
      ],
      rows,
    };
    const text = `X has 400 arrangements:\n${rows.map((r) => `- ${r.partner}: ${r.status} [1].`).join('\n')}`;
    const cards = answerCards(answer({ kind: 'mra', answer: text, data, followUps: ['Q?'] }), m, options) as Card[];
    expect(cards.length).toBeGreaterThan(1);
    for (const [i, card] of cards.entries()) {
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      expect(card.msteams).toEqual({ width: 'Full' });
      expect(Boolean(card.actions), `card ${i}`).toBe(i === cards.length - 1);
      const table = card.body.find((e) => e.type === 'Table') as
        { rows: { cells: { items: { text: string }[] }[] }[] } | undefined;
      if (table) expect(table.rows[0]!.cells[0]!.items[0]!.text).toBe('Partner');
    }
    const all = JSON.stringify(cards);
    expect(all).toContain('Partner country number 399 \\\\[1\\\\]');
    expect(all).not.toContain('- Partner country number 0');
    expectValid(cards);
  });
});

describe('Teams texts', () => {
  it('summarises an answer for notifications in a sentence or two, without citation markers', () => {
    expect(summaryText(answer({ answer: 'Yes. Japan and the EU have an MRA [1].\n- more' }))).toBe(
      'Yes. Japan and the EU have an MRA.',
    );
    expect(summaryText(answer({ answer: 'word '.repeat(100) })).length).toBeLessThanOrEqual(160);
  });

  it('decodes &nbsp; and other entities left after a mention', () => {
    expect(plainIncomingText('&nbsp;What is AEO &amp; MRA?&nbsp;')).toBe('What is AEO & MRA?');
    expect(plainIncomingText('<p>Is a &lt; b?</p>')).toBe('Is a < b?');
  });

  it("reads Teams' feedback loop values, comment included", () => {
    const value = (reaction: string, feedback: string) => ({
      actionName: 'feedback',
      actionValue: { reaction, feedback },
    });
    expect(readLoopFeedback('message/submitAction', value('like', '{"feedbackText":" great "}'))).toEqual({
      helpful: true,
      comment: 'great',
    });
    expect(readLoopFeedback('message/submitAction', value('dislike', ''))).toEqual({ helpful: false });
    expect(readLoopFeedback('message/submitAction', value('dislike', 'plain words'))).toEqual({
      helpful: false,
      comment: 'plain words',
    });
    expect(readLoopFeedback('message/submitAction', value('meh', ''))).toBeUndefined();
    expect(readLoopFeedback('composeExtension/query', value('like', ''))).toBeUndefined();
  });
});
