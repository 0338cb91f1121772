import type { Intent, Query } from '../understanding/query.js';
import type { Responder } from './responder.js';

/** Route names, each a responder built in the composition root. */
export type RouteName =
  | 'eligibility' | 'smalltalk' | 'clarify' | 'act' | 'prediction' | 'advice' | 'off-topic'
  | 'mra' | 'compare-facet' | 'compare' | 'curated' | 'retrieval';

/**
 * Intent -> the responders to ask, in order; the first that answers wins and the last (retrieval) always answers.
 * The eligibility check comes first everywhere: while a check is running it takes its answers.
 */
const TABLE: Record<Intent, RouteName[]> = {
  greeting: ['smalltalk'],
  thanks: ['smalltalk'],
  help: ['smalltalk'],
  'eligibility-check': ['eligibility'],
  'request-to-act': ['act'],
  prediction: ['prediction'],
  advice: ['advice'],
  'off-topic': ['off-topic'],
  registry: ['mra', 'retrieval'],
  comparison: ['compare-facet', 'compare', 'retrieval'],
  definition: ['curated', 'retrieval'],
  facet: ['curated', 'retrieval'],
  general: ['curated', 'retrieval'],
};

/**
 * Retrieval answers a programme facet from the programme's own page when a jurisdiction is known; a curated FAQ
 * answer (generic) must not take such a question first.
 */
const WITH_JURISDICTION: Partial<Record<Intent, RouteName[]>> = {
  facet: ['retrieval'],
  definition: ['curated', 'retrieval'],
};

export class Router {
  constructor(private readonly responders: Partial<Record<RouteName, Responder>>) {}

  route(query: Query): Responder[] {
    const located = query.jurisdictions.length > 0 || !!query.carried;
    const routes = (located ? WITH_JURISDICTION[query.intent] : undefined) ?? TABLE[query.intent];
    const names: RouteName[] = ['eligibility', ...(query.ambiguous.length ? ['clarify' as const] : []), ...routes];
    const out = [...new Set(names)].map((n) => this.responders[n]).filter((r): r is Responder => !!r);
    const last = this.responders.retrieval;
    return last && !out.includes(last) && !isFixed(query.intent) ? [...out, last] : out;
  }
}

/** Intents answered by a fixed reply; nothing is retrieved for them. */
function isFixed(intent: Intent): boolean {
  return ['greeting', 'thanks', 'help', 'request-to-act', 'prediction', 'advice', 'off-topic', 'eligibility-check'].includes(intent);
}
