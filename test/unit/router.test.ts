import { describe, expect, it } from 'vitest';
import type { Responder } from '../../src/core/responder.js';
import { Router, type RouteName } from '../../src/core/router.js';
import type { Intent, Query } from '../../src/understanding/query.js';

const ROUTES: RouteName[] = ['eligibility', 'smalltalk', 'clarify', 'act', 'prediction', 'advice', 'mra', 'compare', 'curated', 'retrieval'];

/** A stub per route, named after it: the router's output reads as the list of route names. */
function stubs(names: RouteName[] = ROUTES): Partial<Record<RouteName, Responder>> {
  return Object.fromEntries(names.map((n) => [n, { name: n, respond: async () => undefined }]));
}

function query(intent: Intent, extra: Partial<Query> = {}): Query {
  return { text: 'q', language: 'en', intent, answerType: 'text', jurisdictions: [], ambiguous: [], named: [], unknownNames: [], mentionsMra: false, ...extra };
}

const route = (q: Query, router = new Router(stubs())) => router.route(q).map((r) => r.name);

const FIXED: Intent[] = ['greeting', 'thanks', 'help', 'eligibility-check', 'request-to-act', 'prediction', 'advice'];

/** Intent -> route order, with no jurisdiction and no ambiguous acronym. */
const TABLE: [Intent, RouteName[]][] = [
  ['greeting', ['eligibility', 'smalltalk']],
  ['thanks', ['eligibility', 'smalltalk']],
  ['help', ['eligibility', 'smalltalk']],
  ['request-to-act', ['eligibility', 'act']],
  ['prediction', ['eligibility', 'prediction']],
  ['advice', ['eligibility', 'advice']],
  ['registry', ['eligibility', 'mra', 'retrieval']],
  ['comparison', ['eligibility', 'compare', 'retrieval']],
  ['definition', ['eligibility', 'curated', 'retrieval']],
  ['facet', ['eligibility', 'curated', 'retrieval']],
  ['general', ['eligibility', 'curated', 'retrieval']],
];

/** The same with a jurisdiction named in the question. */
const LOCATED: [Intent, RouteName[]][] = [
  ['greeting', ['eligibility', 'smalltalk']],
  ['request-to-act', ['eligibility', 'act']],
  ['prediction', ['eligibility', 'prediction']],
  ['advice', ['eligibility', 'advice']],
  ['registry', ['eligibility', 'mra', 'retrieval']],
  ['comparison', ['eligibility', 'compare', 'retrieval']],
  ['definition', ['eligibility', 'curated', 'retrieval']],
  // The programme's own page answers a facet: a generic curated FAQ answer must not take it first.
  ['facet', ['eligibility', 'retrieval']],
  ['general', ['eligibility', 'curated', 'retrieval']],
];

describe('Router: route order per intent', () => {
  it.each(TABLE)('%s -> %j', (intent, names) => expect(route(query(intent))).toEqual(names));
  it.each(LOCATED)('%s with a jurisdiction -> %j', (intent, names) => expect(route(query(intent, { jurisdictions: ['PE'] }))).toEqual(names));

  it('sends an eligibility check to the eligibility responder only', () => {
    expect(new Set(route(query('eligibility-check')))).toEqual(new Set(['eligibility']));
  });

  // The eligibility route is put first for every intent and is also the eligibility-check route itself, so the
  // same responder is listed (and asked) twice.
  it('lists the eligibility responder once for an eligibility check', () => {
    expect(route(query('eligibility-check'))).toEqual(['eligibility']);
  });

  it('treats a carried-over jurisdiction like a named one', () => {
    expect(route(query('facet', { carried: 'PE' }))).toEqual(['eligibility', 'retrieval']);
    expect(route(query('facet', { carried: 'PE', facet: 'cost' }))).toEqual(route(query('facet', { jurisdictions: ['PE'], facet: 'cost' })));
  });

  it('has a route for every intent', () => {
    const intents = [...TABLE.map(([i]) => i), 'eligibility-check' as const];
    for (const i of intents) expect(route(query(i)).length).toBeGreaterThan(0);
    expect(new Set(intents).size).toBe(12);
  });
});

describe('Router: fixed replies never fall to retrieval', () => {
  it.each(FIXED)('%s', (intent) => {
    for (const extra of [{}, { jurisdictions: ['PE'] }, { carried: 'PE' }, { ambiguous: [{ text: 'SAT', codes: ['GT', 'MX'] }] }] as Partial<Query>[]) {
      const names = route(query(intent, extra));
      expect(names).not.toContain('retrieval');
      expect(names).not.toContain('curated');
    }
  });

  it.each(['registry', 'comparison', 'definition', 'facet', 'general'] as Intent[])('%s ends with retrieval, the responder that always answers', (intent) => {
    for (const extra of [{}, { jurisdictions: ['PE'] }, { ambiguous: [{ text: 'SAT', codes: ['GT', 'MX'] }] }] as Partial<Query>[]) {
      expect(route(query(intent, extra)).at(-1)).toBe('retrieval');
    }
  });
});

describe('Router: eligibility and clarify first', () => {
  const sat = { ambiguous: [{ text: 'SAT', codes: ['GT', 'MX'] }] };

  it.each([...TABLE, ['eligibility-check', []]] as [Intent, RouteName[]][])('%s: eligibility comes first (a running check takes its answers)', (intent) => {
    expect(route(query(intent))[0]).toBe('eligibility');
  });

  it.each([
    ['facet', ['eligibility', 'clarify', 'curated', 'retrieval']],
    ['general', ['eligibility', 'clarify', 'curated', 'retrieval']],
    ['registry', ['eligibility', 'clarify', 'mra', 'retrieval']],
    ['definition', ['eligibility', 'clarify', 'curated', 'retrieval']],
    ['greeting', ['eligibility', 'clarify', 'smalltalk']],
  ] as [Intent, RouteName[]][])('%s with an ambiguous acronym asks which one first -> %j', (intent, names) => {
    expect(route(query(intent, sat))).toEqual(names);
  });

  it('has no clarify step without an ambiguous acronym', () => {
    for (const [intent] of TABLE) expect(route(query(intent))).not.toContain('clarify');
  });
});

describe('Router: missing responders', () => {
  it('skips routes that were not built', () => {
    expect(route(query('registry'), new Router(stubs(['retrieval'])))).toEqual(['retrieval']);
    expect(route(query('greeting'), new Router(stubs(['retrieval'])))).toEqual([]);
    expect(route(query('facet', { jurisdictions: ['PE'] }), new Router(stubs(['curated', 'retrieval'])))).toEqual(['retrieval']);
  });

  it('gives the responders themselves, in order', () => {
    const s = stubs();
    const out = new Router(s).route(query('registry'));
    expect(out).toEqual([s.eligibility, s.mra, s.retrieval]);
  });
});
