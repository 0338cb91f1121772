import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/answer.js';
import { mergeAnswers } from '../../src/core/merge-answers.js';
import { QuestionParts } from '../../src/core/question-parts.js';
import { languageCommand } from '../../src/core/answer-engine.js';

const data = JSON.parse(readFileSync(join(process.cwd(), 'data', 'understanding', 'intents.json'), 'utf8')).parts;
const parts = new QuestionParts(data);

describe('QuestionParts: the questions one message asks', () => {
  it.each([
    ['SENAE: el OEA es gratis? quienes pueden aplicar?', ['SENAE: el OEA es gratis?', 'quienes pueden aplicar?']],
    ['When did CTPAT start, and what triggered it?', ['When did CTPAT start', 'what triggered it?']],
    ['Pérou OEA : quel organisme et quelle procédure générale ?', ['Pérou OEA : quel organisme', 'quelle procédure générale ?']],
    ['cuanto cuesta en colombia? y cuanto se ahorra por contenedor', ['cuanto cuesta en colombia?', 'cuanto se ahorra por contenedor']],
    ['does CBP have an MRA w/ Jordan? whats the jordanian program called', ['does CBP have an MRA w/ Jordan?', 'whats the jordanian program called']],
    ["OEA Chili ? c'est quoi les avantages ?", ['OEA Chili ?', "c'est quoi les avantages ?"]],
    // After a question mark a few words may lead in before the ask word.
    ['does DIAN charge anything? and roughly how long does it take', ['does DIAN charge anything?', 'roughly how long does it take']],
  ])('%s', (q, expected) => expect(parts.split(q)).toEqual(expected));

  it.each([
    'japan aeo: which operator type came first and when?',
    'desde cuando los exportadores pueden ser OEA en japon? y los agentes de aduana?',
    'does canada have an aeo mra with the EU and Japan',
    'Who can apply and how?',
    'pip cost?',
    'is PIP free? and for carriers in the US?',
  ])('keeps "%s" whole: no second question of its own', (q) => expect(parts.split(q)).toEqual([q]));
});

const answer = (text: string, sources: string[], extra: Partial<Answer> = {}): Answer => ({
  answer: text,
  citations: sources.map((source, i) => ({ n: i + 1, title: source, source })),
  confidence: 0.5,
  declined: false,
  kind: 'retrieval',
  followUps: [],
  language: 'en',
  ...extra,
});

describe('mergeAnswers', () => {
  it('joins the answers in order, renumbering citations and keeping a shared passage under one number', () => {
    const a = answer('Ecuador\'s OEA is free [1].\n\nAs of 1 May 2025.', ['ec.md']);
    const b = answer('It is open to exporters [1] and importers [2].\n\nAs of 1 May 2025.', ['other.md', 'ec.md'], { confidence: 0.9 });
    const m = mergeAnswers([a, b]);
    expect(m.answer).toBe('Ecuador\'s OEA is free [1].\n\nIt is open to exporters [2] and importers [1].\n\nAs of 1 May 2025.');
    expect(m.citations.map((c) => [c.n, c.source])).toEqual([[1, 'ec.md'], [2, 'other.md']]);
    expect(m.confidence).toBe(0.9);
  });

  it('leaves out lines a later answer repeats, and the later answer when it only repeats', () => {
    const a = answer('Yes. Peru and Korea have an MRA:\n- Korea: MRA, signed 2017 [1].', ['registry.yaml']);
    const b = answer('- Korea: MRA, signed 2017 [1].', ['registry.yaml']);
    expect(mergeAnswers([a, b]).answer).toBe(a.answer);
  });

  it('leaves out a sentence a later answer repeats inside its own paragraph, whatever its citation number', () => {
    const a = answer('PIP is free [1].', ['pip.md']);
    const b = answer('PIP members can be suspended [1]. PIP is free [2]. It is voluntary [2].', ['pip-2.md', 'pip.md']);
    expect(mergeAnswers([a, b]).answer).toBe('PIP is free [1].\n\nPIP members can be suspended [2]. It is voluntary [1].');
  });
});

describe('languageCommand', () => {
  it('reads "/lang es", "language: fr", "idioma en"', () => {
    expect(['/lang es', 'language: fr', 'idioma en', 'langue=ES'].map(languageCommand)).toEqual(['es', 'fr', 'en', 'es']);
    expect(languageCommand('lang de')).toBeUndefined();
  });

  it('stays linear on a long whitespace run', () => {
    const started = performance.now();
    for (const tail of ['x', ':x', ' x']) languageCommand(`/lang${' '.repeat(200_000)}${tail}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
