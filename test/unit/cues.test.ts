import { describe, expect, it } from 'vitest';
import { CueMatcher, cueText, matcherFor, NearMatcher, warmCues } from '../../src/understanding/cues.js';

/** Matches as the classifier uses it: on cueText of the question. */
const hits = (cues: string[], text: string) => new CueMatcher(cues).test(cueText(text));

describe('cueText', () => {
  it.each([
    ['¿Cuánto CUESTA?', ' cuanto cuesta '],
    ['Qu’est-ce que l’OEA ?', " qu'est-ce que l'oea "],
    ['Hello, world!  How (are) you?', ' hello world how are you '],
    ['«Validité» — «Renouvellement»', ' validite — renouvellement '],
    ['C-TPAT', ' c-tpat '],
    ['Perú', ' peru '],
  ])('%j -> %j', (input, out) => expect(cueText(input)).toBe(out));
});

type Row = [cues: string[], text: string, matches: boolean];

const ACCENTS: Row[] = [
  [['cuánto cuesta'], 'cuanto cuesta', true],
  [['cuanto cuesta'], '¿Cuánto cuesta?', true],
  [['validité'], 'quelle est la validite ?', true],
  [['validite'], 'quelle est la VALIDITÉ ?', true],
  [['coûte'], 'combien coute le PIP', true],
  [['qu’est-ce que'], "qu'est-ce que l'OEA", true],
  [['niño'], 'nino', true],
  [['NIÑO'], 'Niño', true],
];

const PREFIX: Row[] = [
  [['fine*'], 'will we be fined?', true],
  [['fine*'], 'are there fines?', true],
  [['fine*'], 'fine', true],
  [['fine*'], 'how to refine the process', false],
  [['renew*'], 'renewal every 3 years', true],
  [['renew*'], 'when do I renew', true],
  [['compan*'], 'how many companies', true],
  [['compan*'], 'which company', true],
  [['multa*'], 'multas', true],
  [['sancion*'], 'sanción', true],
  [['how many compan*'], 'how many companies are certified', true],
  [['how many compan*'], 'how many certified companies', false],
  // Without "*", the word must end there.
  [['fine'], 'will we be fined?', false],
  [['fee'], 'what are the fees', false],
];

const GAP: Row[] = [
  [['will … sign'], 'will Chile sign', true],
  [['will … sign'], 'will Chile and China sign', true],
  [['will … sign'], 'will sign', true],
  [['will … sign'], 'will one two three four five sign', true],
  [['will … sign'], 'will one two three four five six sign', false],
  [['will ... sign'], 'will Chile and China sign', true],
  [['will ... sign'], 'will one two three four five six sign', false],
  [['how long … take'], 'how long does the SUNAT decision take', true],
  [['how long … take'], 'take how long', false],
  [['cuanto tiempo … tarda'], '¿Cuánto tiempo más tarda?', true],
  [['quand … signera'], 'quand le Pérou signera-t-il', true],
  // The gap skips whole words only.
  [['will … sign'], 'willow signs', false],
  // A cue that is only a gap matches nothing.
  [['…'], 'anything at all', false],
];

const BOUNDARIES: Row[] = [
  [['cost'], "what's Costa Rica's programme called", false],
  [['cost'], 'what does it cost', true],
  [['cost'], 'cost?', true],
  [['hi'], 'history of CTPAT', false],
  [['hi'], 'hi there', true],
  [['arm'], 'army logistics', false],
  [['arm'], 'un ARM avec le Japon', true],
  [['law'], 'a lawyer', false],
  [['law'], 'which law', true],
  [['pay'], 'payroll records', false],
  [['mra'], 'mras', false],
  [['mra*'], 'mras', true],
  [['tier'], 'tier2', false],
  [['2027'], 'in 20270', false],
  [['2027'], 'in 2027?', true],
  [['in charge'], 'who is in charge', true],
  [['in charge'], 'no incharge', false],
];

describe.each([
  ['accents folded', ACCENTS],
  ['"*" prefix', PREFIX],
  ['"…" gap of up to five words', GAP],
  ['word boundaries', BOUNDARIES],
] as [string, Row[]][])('CueMatcher: %s', (_name, rows) => {
  it.each(rows)('%j in %j -> %s', (cues, text, matches) => expect(hits(cues, text)).toBe(matches));
});

describe('CueMatcher: match and specificity', () => {
  it('returns the matched text of a cue', () => {
    const m = new CueMatcher(['how long … take', 'fee*']);
    expect(m.match(cueText('and how long will it take?'))).toBe('how long will it take');
    expect(m.match(cueText('the fees'))).toBe('fees');
    expect(m.match(cueText('nothing here'))).toBeUndefined();
  });

  it('is empty-safe', () => {
    const m = new CueMatcher([]);
    expect(m.test(' anything ')).toBe(false);
    expect(m.match(' anything ')).toBeUndefined();
    expect(m.specificity(' anything ')).toBeUndefined();
  });

  it('gives undefined specificity when no cue matches', () => {
    expect(new CueMatcher(['charge']).specificity(cueText('free'))).toBeUndefined();
  });

  const SPECIFICITY: [more: string, less: string, text: string][] = [
    ['in charge', 'charge', 'who is in charge of AEO'],
    ['who is in charge', 'who … certify', 'who is in charge and who will certify'],
    ['how many compan*', 'how many', 'how many companies are AEOs'],
    ['free of charge', 'charge', 'it is free of charge'],
    // Same number of words: the longer cue.
    ['validity', 'valid', 'validity valid'],
  ];

  it.each(SPECIFICITY)('%j outweighs %j in %j', (more, less, text) => {
    const t = cueText(text);
    const a = new CueMatcher([more]).specificity(t);
    const b = new CueMatcher([less]).specificity(t);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a as number).toBeGreaterThan(b as number);
  });

  it('counts a cue\'s own words, not the words its gap skipped', () => {
    const t = cueText('who in the whole world will certify');
    const gap = new CueMatcher(['who … certify']).specificity(t);
    const three = new CueMatcher(['the whole world']).specificity(t);
    expect(gap).toBeDefined();
    expect(gap as number).toBeLessThan(three as number);
  });

  it('is the best matching cue of the set', () => {
    const t = cueText('who is in charge');
    expect(new CueMatcher(['charge', 'in charge', 'nothing like it']).specificity(t)).toBe(new CueMatcher(['in charge']).specificity(t));
  });
});

describe('matcherFor', () => {
  it('matches every language of a cue set, "any" included', () => {
    const m = matcherFor({ any: ['mra'], en: ['fee'], es: ['tasa'], fr: ['frais'] });
    for (const t of ['the MRA', 'the fee', 'la tasa', 'les frais']) expect(m.test(cueText(t))).toBe(true);
    expect(m.test(cueText('nothing'))).toBe(false);
  });

  it('is empty for an absent set', () => {
    expect(matcherFor(undefined).test(cueText('anything'))).toBe(false);
  });
});

describe('warmCues', () => {
  it('compiles the live matchers in slices, pausing between them, and matching is unchanged', async () => {
    const m = new CueMatcher(['fine*', 'will … sign']);
    const before = [m.match(cueText('they were fined')), m.evidence(cueText('will Chile and China sign'))];
    let pauses = 0;
    const n = await warmCues(async () => { pauses += 1; }, 2);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(pauses).toBe(Math.floor(n / 2));
    expect([m.match(cueText('they were fined')), m.evidence(cueText('will Chile and China sign'))]).toEqual(before);
    expect(new CueMatcher([]).empty).toBe(true);
  });
});

describe('NearMatcher', () => {
  const m = new NearMatcher(['worth', 'good enough', 'recommend*'], ['us', 'our'], 5);
  const t = (s: string) => m.test(cueText(s));

  it('finds a phrase and a word within the window, in either order', () => {
    expect(t('is AEO worth the hassle for us?')).toBe(true);
    expect(t('our security plan is good enough?')).toBe(true);
    expect(t('what would you recommend to us')).toBe(true);
  });

  it('needs both, whole words, at most five words apart', () => {
    expect(t('is AEO worth it?')).toBe(false);
    expect(t('tell us about it')).toBe(false);
    expect(t('is it worthwhile for us')).toBe(false);
    expect(t('worth one two three four five six us')).toBe(false);
    expect(t('worth one two three four five us')).toBe(true);
  });
});
