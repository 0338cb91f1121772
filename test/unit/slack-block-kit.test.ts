import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerMessages } from '../../src/channels/slack/block-kit.js';
import type { Answer } from '../../src/core/answer.js';
import { Messages } from '../../src/i18n/messages.js';
import { REPO } from '../helpers/paths.js';
import { BLOCK_RULES, blocksError } from '../helpers/slack-block-rules.js';

const messages = Messages.load(join(REPO, 'prompts'));
const opts = { answerId: '0f8fad5b-d9cb-469f-a165-70867728950e', question: 'q'.repeat(1000), messages, experts: true };
const base: Answer = { answer: '', citations: [], confidence: 1, declined: false, kind: 'retrieval', followUps: [], language: 'en' };
const cites = (n: number) => Array.from({ length: n }, (_, i) => ({ n: i + 1, title: `Source ${i} ${'t&'.repeat(120)}`, source: `s${i}.md`, url: `https://example.org/${i}?a=1&b=<2>` }));

describe('Slack block rules of the fake Web API', () => {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const cell = (text: string) => ({ type: 'raw_text', text });
  it.each([
    ['51 blocks', Array.from({ length: 51 }, () => section('x'))],
    ['a section of 3,001 characters', [section('x'.repeat(3001))]],
    ['a field of 2,001 characters', [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'x'.repeat(2001) }] }]],
    ['two tables', [{ type: 'table', rows: [[cell('a')]] }, { type: 'table', rows: [[cell('b')]] }]],
    ['a table of 101 rows', [{ type: 'table', rows: Array.from({ length: 101 }, () => [cell('a')]) }]],
    ['a row of 21 cells', [{ type: 'table', rows: [Array.from({ length: 21 }, () => cell('a'))] }]],
    ['an empty table cell', [{ type: 'table', rows: [[cell('')]] }]],
    ['a feedback value of 2,001 characters', [{ type: 'context_actions', elements: [{ type: 'feedback_buttons', positive_button: { text: { type: 'plain_text', text: 'y' }, value: 'v'.repeat(2001) }, negative_button: { text: { type: 'plain_text', text: 'n' }, value: 'v' } }] }]],
    ['an unknown block type', [{ type: 'monospace' }]],
  ])('refuses %s', (_name, blocks) => {
    expect(blocksError(blocks)).toBe('invalid_blocks');
  });

  it('refuses more than ~12,000 characters of text in all blocks with msg_blocks_too_long', () => {
    expect(blocksError(Array.from({ length: 5 }, () => section('x'.repeat(2500))))).toBe('msg_blocks_too_long');
    expect(blocksError(Array.from({ length: 4 }, () => section('x'.repeat(2500))))).toBeUndefined();
  });
});

describe('Slack answers as Block Kit', () => {
  const cases: [string, Answer][] = [
    ['a 60,000-character answer with 80 long sources', { ...base, answer: 'AEO <status> & speed [1]. '.repeat(2300), citations: cites(80), followUps: ['f'.repeat(300)] }],
    ['a comparison of 10 programmes with long escaped values', {
      ...base, kind: 'comparison', answer: 'Compared:\n- a', citations: cites(10),
      data: { type: 'comparison', columns: Array.from({ length: 12 }, (_, i) => ({ label: `P${i} ${'&'.repeat(150)}`, n: i + 1 })), rows: Array.from({ length: 8 }, (_, r) => ({ label: `Row ${r}`, values: Array.from({ length: 12 }, () => '<&>'.repeat(900)) })) },
    }],
    ['99 MRA rows of 20 columns', {
      ...base, kind: 'mra', answer: `Rows:\n${'- row [1]\n'.repeat(99)}`, citations: cites(1),
      data: { type: 'mra-table', columns: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, label: `C${i}` })), rows: Array.from({ length: 99 }, (_, r) => ({ n: 1, ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i === 3 ? '' : `v${r}-${i} ${'x'.repeat(300)}`])) })) },
    }],
    ['99 MRA rows of 4 short columns', {
      ...base, kind: 'mra', answer: `Rows:\n${'- row [1]\n'.repeat(99)}`, citations: cites(1),
      data: { type: 'mra-table', columns: ['partner', 'status', 'signed', 'inForce'].map((key) => ({ key, label: key })), rows: Array.from({ length: 99 }, (_, r) => ({ n: 1, partner: `Partner ${r}`, status: 'in force', signed: '2018-07-21', inForce: '2019-01-01' })) },
    }],
    ['25 long choices', { ...base, kind: 'clarify', answer: 'Which?', data: { type: 'clarify', choices: Array.from({ length: 30 }, (_, i) => ({ label: `${i} ${'l'.repeat(200)}`, value: 'v'.repeat(3000) })) } }],
  ];

  it.each(cases)('renders %s as messages Slack accepts, buttons on the last', (_name, a) => {
    const pages = answerMessages(a, opts);
    expect(pages.length).toBeLessThanOrEqual(5);
    for (const p of pages) {
      expect(blocksError(p.blocks)).toBeUndefined();
      expect(p.text.length).toBeLessThanOrEqual(4000);
      expect(p.text.length).toBeGreaterThan(0);
    }
    const withButtons = pages.map((p) => p.blocks.some((b) => b.type === 'actions' || b.type === 'context_actions'));
    expect(withButtons.slice(0, -1).every((x) => !x)).toBe(true);
    expect(withButtons.at(-1)).toBe(true);
    const tables = pages.flatMap((p) => p.blocks).filter((b) => b.type === 'table');
    expect(tables.length).toBe(_name.includes('short columns') ? 1 : 0);
  });

  it('offers native feedback buttons in messages and classic buttons in ephemeral answers, with the same record', () => {
    const a = { ...base, answer: 'AEO status is granted by customs [1].', citations: cites(1) };
    const [native] = answerMessages(a, opts);
    const block = native!.blocks.find((b) => b.type === 'context_actions') as { elements: { type: string; positive_button: { value: string }; negative_button: { value: string } }[] };
    expect(block.elements[0]?.type).toBe('feedback_buttons');
    const up = JSON.parse(block.elements[0]!.positive_button.value);
    const down = JSON.parse(block.elements[0]!.negative_button.value);
    expect(up).toMatchObject({ id: opts.answerId, kind: 'retrieval', lang: 'en', h: '1' });
    expect(down).toMatchObject({ id: opts.answerId, h: '0' });
    expect(up.q.length).toBeGreaterThan(900);
    const [ephemeral] = answerMessages(a, { ...opts, ephemeral: true });
    expect(ephemeral!.blocks.some((b) => b.type === 'context_actions')).toBe(false);
    expect(JSON.stringify(ephemeral!.blocks)).toContain('aeo_feedback_helpful');
    expect(BLOCK_RULES.value).toBe(2000);
  });
});
