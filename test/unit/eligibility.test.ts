import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EligibilityResponder, type EligibilityData } from '../../src/eligibility/eligibility-responder.js';
import { isTrigger, parseBusiness, parseYesNo, type EligibilityState } from '../../src/eligibility/flow.js';
import { AnswerEngine } from '../../src/core/answer-engine.js';
import { retrievalOptions } from '../helpers/retrieval.js';
import { CountryResolver } from '../../src/mra/country-resolver.js';
import { MemorySessionStore } from '../../src/state/session-store.js';
import { RetrievalResponder } from '../../src/answering/retrieval-responder.js';
import { Messages } from '../../src/i18n/messages.js';
import { silentLogger } from '../../src/logging/logger.js';
import { fixtureServices } from '../helpers/services.js';
import { REPO } from '../helpers/paths.js';
import { join } from 'node:path';

describe('flow parsing', () => {
  it('recognises triggers in three languages but not ordinary questions', () => {
    expect(isTrigger('Check my eligibility')).toBe(true);
    expect(isTrigger('¿Puedo ser OEA?')).toBe(true);
    expect(isTrigger('Suis-je éligible ?')).toBe(true);
    expect(isTrigger('/eligibility')).toBe(true);
    expect(isTrigger('Can a freight forwarder become an AEO in Peru?')).toBe(false);
    expect(isTrigger('¿Puedo ser OEA en el Perú como agente de carga?')).toBe(false);
    expect(isTrigger('Check my eligibility for Peru')).toBe(true);
  });
  it('reads yes / no / not sure in en, es, fr', () => {
    expect(['Yes', 'sí', 'Oui'].map(parseYesNo)).toEqual(['yes', 'yes', 'yes']);
    expect(['no', 'Non', 'not yet'].map(parseYesNo)).toEqual(['no', 'no', 'no']);
    expect(['not sure', 'no sé', 'je ne sais pas'].map(parseYesNo)).toEqual(['unsure', 'unsure', 'unsure']);
    expect(parseYesNo('banana')).toBeUndefined();
  });
  it('reads business types by name, synonym or number', () => {
    expect(parseBusiness('We are a freight forwarder')).toBe('forwarder');
    expect(parseBusiness('agente de aduanas')).toBe('broker');
    expect(parseBusiness('2')).toBe('exporter');
    expect(parseBusiness('astronaut')).toBeUndefined();
  });
});

describe('MemorySessionStore', () => {
  it('expires entries and returns copies', async () => {
    let now = 0;
    const store = new MemorySessionStore<{ n: number }>(() => now);
    await store.set('a', { n: 1 }, 1000);
    const got = await store.get('a');
    got!.n = 99;
    expect(await store.get('a')).toEqual({ n: 1 });
    now = 1001;
    expect(await store.get('a')).toBeUndefined();
  });
  it('drops the oldest conversations when full', async () => {
    const store = new MemorySessionStore<number>(Date.now, 2);
    await store.set('a', 1, 1e6);
    await store.set('b', 2, 1e6);
    await store.set('c', 3, 1e6);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('c')).toBe(3);
  });
});

describe('eligibility self-check through answer()', () => {
  let s: Awaited<ReturnType<typeof fixtureServices>>;
  beforeAll(async () => {
    s = await fixtureServices();
    await s.refresh();
  });
  afterAll(() => s.cleanup());

  const say = (text: string, conversationId: string) => s.engine.answer(text, { conversationId });

  it('walks the whole questionnaire to a cited result that promises nothing', async () => {
    let a = await say('check my eligibility', 'c1');
    expect(a.kind).toBe('eligibility');
    expect((a.data as EligibilityData).step).toBe('business');
    expect((a.data as EligibilityData).choices?.map((c) => c.value)).toContain('forwarder');
    a = await say('forwarder', 'c1');
    expect((a.data as EligibilityData).step).toBe('country');
    a = await say('Peru', 'c1');
    for (const reply of ['yes', 'no', 'not sure', 'yes', 'yes']) a = await say(reply, 'c1');
    const data = a.data as EligibilityData;
    expect(data).toMatchObject({ done: true, met: ['compliance', 'security', 'training'], gaps: ['records'], unsure: ['solvency'] });
    expect(a.answer).toContain('Freight forwarder / logistics provider, Peru');
    expect(a.answer).toMatch(/Gaps to close before applying: records and accounting/);
    expect(a.answer).toMatch(/not a certification/);
    expect(a.answer).not.toMatch(/you (will|are going to) be certified/i);
    expect(a.citations.some((c) => c.source === 'programmes/pe-oea.md')).toBe(true);
    // The session is over: a further "yes" is not taken as an answer.
    expect((await say('yes', 'c1')).answer).toMatch(/no eligibility check in progress/);
  });

  it('re-asks after a nonsense answer and an unknown country, with suggestions', async () => {
    await say('check my eligibility', 'c2');
    let a = await say('astronaut', 'c2');
    expect(a.answer).toMatch(/pick one of the options/);
    expect((a.data as EligibilityData).step).toBe('business');
    await say('importer', 'c2');
    a = await say('Peruu', 'c2');
    expect(a.answer).toMatch(/I don't know a country or customs administration called "Peruu".*Peru/);
    a = await say('Peru', 'c2');
    a = await say('banana', 'c2');
    expect(a.answer).toMatch(/answer yes, no or not sure/);
  });

  it('answers a real question asked mid-check and then continues', async () => {
    await say('check my eligibility', 'c3');
    await say('exporter', 'c3');
    const side = await say('Who grants AEO status in general?', 'c3');
    expect(side.kind).not.toBe('eligibility');
    const next = await say('Peru', 'c3');
    expect((next.data as EligibilityData).step).toBe('compliance');
  });

  it('answers a question holding a word the step would take, and keeps the step', async () => {
    await say('check my eligibility', 'c5');
    const side = await say('Can a freight forwarder become an AEO in Peru?', 'c5');
    expect(side.kind).not.toBe('eligibility');
    const next = await say('importer', 'c5');
    expect((next.data as EligibilityData).step).toBe('country');
  });

  it('cancels and restarts', async () => {
    await say('check my eligibility', 'c4');
    await say('importer', 'c4');
    expect((await say('cancel', 'c4')).answer).toMatch(/cancelled/);
    expect((await say('Peru', 'c4')).kind).not.toBe('eligibility');
    await say('¿puedo ser OEA?', 'c4');
    await say('importador', 'c4');
    const restarted = await say('empezar de nuevo', 'c4');
    expect((restarted.data as EligibilityData).step).toBe('business');
    expect(restarted.language).toBe('es');
  });

  it('keeps concurrent conversations apart', async () => {
    await Promise.all([say('check my eligibility', 'x'), say('check my eligibility', 'y')]);
    await Promise.all([say('importer', 'x'), say('carrier', 'y')]);
    const [ax, ay] = await Promise.all([say('Peru', 'x'), say('Mexico', 'y')]);
    expect((ax.data as EligibilityData).step).toBe('compliance');
    expect((ay.data as EligibilityData).step).toBe('compliance');
  });
});

describe('expired sessions', () => {
  it('tells the user the check expired instead of misreading the answer', async () => {
    let now = 0;
    const s = await fixtureServices();
    await s.refresh();
    const messages = Messages.load(join(REPO, 'prompts'));
    const engine = new AnswerEngine(
      [new EligibilityResponder(new MemorySessionStore<EligibilityState>(() => now), new CountryResolver(), 60_000), new RetrievalResponder(retrievalOptions())],
      messages, { maxQuestionChars: 1000 }, silentLogger(),
    );
    engine.setKnowledgeBase(s.engine.knowledgeBase!);
    await engine.answer('check my eligibility', { conversationId: 'e' });
    now = 61_000;
    const a = await engine.answer('yes', { conversationId: 'e' });
    expect(a.answer).toMatch(/no eligibility check in progress \(it may have expired after 1 minutes\)/);
    await s.cleanup();
  });
});
