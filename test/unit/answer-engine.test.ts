import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureServices } from '../helpers/services.js';

let s: Awaited<ReturnType<typeof fixtureServices>>;

beforeAll(async () => {
  s = await fixtureServices();
  await s.refresh();
});
afterAll(() => s.cleanup());

describe('answer() on the embedded defaults', () => {
  it('answers from the knowledge with numbered citations and an as-of date', async () => {
    const a = await s.engine.answer('Can a freight forwarder become an AEO in Peru?');
    expect(a).toMatchObject({ declined: false, kind: 'retrieval', language: 'en' });
    expect(a.answer).toMatch(/international freight forwarders \[1\]/);
    expect(a.answer).toContain('As of 15 January 2026.');
    expect(a.citations[0]).toMatchObject({ n: 1, source: 'programmes/pe-oea.md', url: 'https://www.sunat.gob.pe/', section: 'Who can apply', updated: '2026-01-15' });
    expect(a.confidence).toBeGreaterThan(0.5);
  });

  it('composes a short answer from several sentences, each marker pointing at a listed citation', async () => {
    const a = await s.engine.answer('What benefits does an AEO get?');
    const markers = [...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(markers.length).toBeGreaterThan(1);
    expect(markers.every((n) => a.citations.some((c) => c.n === n))).toBe(true);
    expect(a.answer).toMatch(/inspections/);
    expect(a.answer.length).toBeLessThan(900);
  });

  it('uses the curated FAQ wording when the question matches', async () => {
    const a = await s.engine.answer('Who grants AEO status?');
    expect(a.kind).toBe('curated');
    expect(a.answer).toContain('national customs administration');
    expect(a.citations[0]?.source).toBe('faq.md');
  });

  it('answers definitions from the glossary, by acronym', async () => {
    const a = await s.engine.answer('What is an MRA?');
    expect(a.kind).toBe('curated');
    expect(a.citations[0]?.source).toBe('glossary.md');
  });

  it.each(['What will the weather be in Lima tomorrow?', 'Can you write me a poem about cats?', 'What is the standard VAT rate in Mexico?'])(
    'declines out-of-scope questions without sources: %s',
    async (q) => {
      const a = await s.engine.answer(q);
      expect(a.declined).toBe(true);
      expect(a.kind).toBe('decline');
      expect(a.citations).toEqual([]);
      expect(a.answer).toMatch(/I don't know/);
      expect(a.followUps.length).toBeGreaterThan(0);
    },
  );

  it('suggests at most three follow-ups, never the question itself', async () => {
    const a = await s.engine.answer('Can a freight forwarder become an AEO in Peru?');
    expect(a.followUps.length).toBeGreaterThan(0);
    expect(a.followUps.length).toBeLessThanOrEqual(3);
    expect(a.followUps).toContain('Which MRAs has Peru signed?');
  });

  it('rejects empty and oversized questions with stable codes and polite texts', async () => {
    await expect(s.engine.answer('   ')).rejects.toMatchObject({ code: 'QUESTION_EMPTY' });
    const err = await s.engine.answer('x'.repeat(5000)).catch((e) => e);
    expect(err.code).toBe('QUESTION_TOO_LONG');
    expect(s.engine.userMessageFor(err)).toMatch(/too long.*5000.*1000/);
    expect(s.engine.userMessageFor(err, 'es')).toMatch(/demasiado largo/);
  });

  it('detects the language and declines in it', async () => {
    const a = await s.engine.answer('¿Cuál es el tipo de cambio del dólar hoy?');
    expect(a.language).toBe('es');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/No lo sé/);
  });

  it('finds registry facts through retrieval, cited to the arrangement', async () => {
    const a = await s.engine.answer('When was the Pacific Alliance MRA signed?');
    expect(a.answer).toContain('21 July 2018');
    expect(a.citations[0]).toMatchObject({ source: 'mra/registry.yaml', url: 'https://alianzapacifico.net/' });
  });
});

describe('jurisdiction in focus', () => {
  it('asks which administration only when the question is about the AEO field, not for any "cost"', async () => {
    expect((await s.engine.answer('Who runs the OEA programme?')).kind).toBe('clarify');
    const a = await s.engine.answer('how do I calculate landed cost under DDP incoterms');
    expect(a).toMatchObject({ kind: 'decline', declined: true });
  });

  it('asks which customs administration when programmes of several countries would answer', async () => {
    const a = await s.engine.answer('Who runs the OEA programme?');
    expect(a.kind).toBe('clarify');
    expect(a.citations).toEqual([]);
    const choices = (a.data as { choices: { label: string; value: string }[] }).choices;
    expect(choices.map((c) => c.label)).toEqual(expect.arrayContaining(['Peru', 'Colombia']));
    const picked = await s.engine.answer(choices.find((c) => c.label === 'Peru')!.value);
    expect(picked.kind).toBe('retrieval');
    expect(picked.answer).toContain('SUNAT');
  });

  it('remembers the country named earlier in the conversation', async () => {
    await s.engine.answer('Who runs the OEA programme in Colombia?', { conversationId: 'mem-1' });
    const a = await s.engine.answer('Who runs the OEA programme?', { conversationId: 'mem-1' });
    expect(a.kind).toBe('retrieval');
    expect(a.answer).toContain('DIAN');
    // Another conversation has no such memory.
    expect((await s.engine.answer('Who runs the OEA programme?', { conversationId: 'mem-2' })).kind).toBe('clarify');
  });
});

describe('what the sources leave out', () => {
  it('declines plainly when the best evidence says the sources do not state it', async () => {
    const a = await s.engine.answer('Who were the speakers at the online workshop?');
    expect(a.declined).toBe(true);
    expect(a.citations).toEqual([]);
    expect(a.answer).toMatch(/^I don't know: my sources say this is not stated\. The news item does not name the speakers/);
  });

  it('does not mistake a rule about what an operator does not do for a gap in the sources', async () => {
    const a = await s.engine.answer('What does premises security require for AEO applicants?');
    expect(a.declined).toBe(false);
  });
});

describe('language override', () => {
  it('answers in the language chosen for the conversation, whatever the question is written in', async () => {
    const set = await s.engine.answer('/lang es', { conversationId: 'lang-1' });
    expect(set).toMatchObject({ language: 'es' });
    expect(set.answer).toMatch(/español/);
    const a = await s.engine.answer('Can you write me a poem about cats?', { conversationId: 'lang-1' });
    expect(a.language).toBe('es');
    expect(a.answer).toMatch(/No lo sé/);
    expect((await s.engine.answer('Can you write me a poem about cats?', { conversationId: 'lang-2' })).language).toBe('en');
  });

  it('keeps the conversation language for follow-ups too short to show one, and follows a clear change', async () => {
    expect((await s.engine.answer('¿Quién puede ser OEA en el Perú?', { conversationId: 'lang-3' })).language).toBe('es');
    expect((await s.engine.answer('ctpat?', { conversationId: 'lang-3' })).language).toBe('es');
    expect((await s.engine.answer('Chile?', { conversationId: 'lang-3' })).language).toBe('es');
    expect((await s.engine.answer('ctpat?', { conversationId: 'lang-4' })).language).toBe('en');
    expect((await s.engine.answer('What are the benefits of CTPAT?', { conversationId: 'lang-3' })).language).toBe('en');
    expect((await s.engine.answer('Chile?', { conversationId: 'lang-3' })).language).toBe('en');
  });
});

describe('list questions', () => {
  it('take every item of the best passage, not just the first few', async () => {
    const a = await s.engine.answer('Which requirements must a company meet for AEO status?');
    expect(a.answer).toContain('record of compliance');
    expect(a.answer).toContain('commercial records');
    expect(a.answer).toContain('Financial solvency');
  });
});

describe('country named by a demonym', () => {
  it("answers from that country's own page", async () => {
    const a = await s.engine.answer('Who runs the Chilean OEA programme?');
    expect(a.kind).toBe('retrieval');
    expect(a.answer).toContain('National Customs Service');
    expect(a.citations[0]?.source).toBe('programmes/cl-oea.md');
  });
});

/**
 * Curated answers are per language (src/answering/curated-responder.ts): the glossary's heading forms and the FAQ's
 * analysed questions are kept per knowledge base, and a question in another language still reads only its own.
 */
describe('curated answers, asked in turn in two languages', () => {
  it('matches the English glossary in English only, before and after a Spanish question', async () => {
    const before = await s.engine.answer('What is an MRA?');
    expect(before).toMatchObject({ kind: 'curated', language: 'en' });
    expect(before.citations[0]?.source).toBe('glossary.md');
    // The English entry names the Spanish form too ("Acuerdo de Reconocimiento Mutuo (ARM)"), but is no Spanish answer.
    const es = await s.engine.answer('¿Qué es un ARM?');
    expect(es.language).toBe('es');
    expect(es.citations.some((c) => c.source === 'glossary.md' && es.kind === 'curated')).toBe(false);
    const after = await s.engine.answer('What is an MRA?');
    expect(after.answer).toBe(before.answer);
  });

  it('matches a FAQ by its words, and not a FAQ about something else', async () => {
    const a = await s.engine.answer('Who grants AEO status?');
    expect(a.kind).toBe('curated');
    expect(a.citations[0]?.source).toBe('faq.md');
    expect(a.answer).toContain('national customs administration');
    const valid = await s.engine.answer('How long is an AEO certificate valid?');
    expect(valid.kind).toBe('curated');
    expect(valid.answer).not.toContain('national customs administration');
  });
});
