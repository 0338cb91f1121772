import { foldAccents } from '../answering/text.js';
import type { Arrangement } from '../knowledge/registry.js';
import type { CountryResolver } from './country-resolver.js';

export type MraQuery =
  | { type: 'pair'; a: string; others: string[]; asksWhen: boolean; asksEffect?: boolean; exact?: boolean; yesNo?: boolean }
  | { type: 'list'; party: string; others?: string[] }
  | { type: 'both'; a: string; b: string }
  | { type: 'status'; status: Arrangement['status'] }
  | { type: 'named'; arrangements: Arrangement[] }
  | { type: 'rank'; party: string; which: 'first' | 'latest'; plans?: boolean; others?: string[] }
  | { type: 'membership'; party: string; arrangements: Arrangement[] }
  | { type: 'unknown-country'; name: string };

const MRA_TERM = /\b(mras?|arms?|mutual[- ]recognition|reconocimiento mutuo|reconnaissance mutuelle|acuerdos? de reconocimiento|arrangements? de reconnaissance)\b/;
const LIST = /\b(which|what|list|name|all|every|how many|whom|who|partners?|qu[eé]|cu[aá]les|cu[aá]ntos|con qui[eé]n|lista|quels?|quelles?|combien|liste|avec qui)\b/;
// Questions about workshops and seminars on MRAs are about the event, not the registry.
const EVENT = /\b(workshops?|taller(es)?|ateliers?|seminars?|seminarios?|seminaires?|webinars?|courses?|cursos?|cours|conferences?|conferencias?)\b/;
// "When was it signed?" wants the dates first, not a yes.
const WHEN = /^\W*(when|since when|from when|what date|cuando|desde cuando|en que fecha|quand|depuis quand|a quelle date)\b/;
const BOTH = /\b(both|ambos|tanto|a la fois|aussi bien|los dos|les deux)\b/;
// Questions about how mutual recognition works for a trader are prose questions, not registry look-ups.
const PROCESS = /\b(how (do|does|can|to|should)|what (do|must|should|does) (we|i|a|an|the|my|our)|which \w+ (holders|operators|companies|traders)|holders?|consent|procedure|requirements?|c[oó]mo|qu[eé] (debe|debo|tengo|hay que)|comment|que doit)\b/;
// So are questions about what an arrangement gives or asks for, unless they ask when ("from when ... benefits?").
const CONTENT = /\b(benefits?|advantages?|beneficios?|ventajas?|avantages?|criteria|criterios|crit[eè]res|requisitos|exigences)\b/;

const STATUS: [RegExp, Arrangement['status']][] = [
  [/\b(under negotiation|in negotiation|being negotiated|negotiating|en negociaci[oó]n|en cours de n[eé]gociation|en n[eé]gociation)\b/, 'under negotiation'],
  [/\b(joint work plans?|work plans?|action plans?|planes? de (trabajo|acci[oó]n)|plans? (de travail|d'action))\b/, 'joint work plan'],
  [/\b(in force|en vigor|en vigueur)\b/, 'in force'],
];

/** English keys for regional arrangement names as questions write them in es/fr. */
const NAME_ALIASES: [RegExp, string][] = [
  [/alianza del pacifico|alliance du pacifique/g, 'pacific alliance'],
  [/comunidad andina|communaute andine/g, 'andean community'],
  [/mercosul/g, 'mercosur'],
  [/americas|ameriques/g, 'americas'],
];
const GENERIC = new Set(['aeo', 'oea', 'mra', 'arm', 'plurilateral', 'regional', 'action', 'plan', 'joint', 'work', 'arrangement', 'agreement', 'of', 'the', 'and', 'programme', 'programmes', 'wco', 'council', 'brussels']);

/** "its first joint work plan", "planes de trabajo": the question is about work plans, not concluded arrangements. */
export function asksAboutPlans(question: string): boolean {
  const q = foldAccents(question.toLowerCase());
  return STATUS.some(([re, status]) => status === 'joint work plan' && re.test(q));
}

/** Recognises MRA registry questions; undefined means "not a registry look-up" and retrieval answers. */
export function parseMraQuery(question: string, resolver: CountryResolver, arrangements: Arrangement[]): MraQuery | undefined {
  const q = foldAccents(question.toLowerCase());
  if (!MRA_TERM.test(q) || EVENT.test(q)) return undefined;
  const prose = PROCESS.test(q) || (CONTENT.test(q) && !WHEN.test(q));
  const codes = [...new Set(resolver.find(question).map((m) => m.code))];
  const named = namedArrangementsIn(question, arrangements);

  if (codes.length >= 2 && !prose) {
    const [a, b] = codes as [string, string];
    return BOTH.test(q) ? { type: 'both', a, b } : { type: 'pair', a, others: codes.slice(1), asksWhen: WHEN.test(q) };
  }
  const unknown = unknownName(question, resolver);
  if (unknown && codes.length < 2) return { type: 'unknown-country', name: unknown };
  if (named.length && !prose) return { type: 'named', arrangements: named };
  if (codes.length === 1 && LIST.test(q) && !prose) return { type: 'list', party: codes[0] as string };
  if (!codes.length && LIST.test(q)) {
    for (const [re, status] of STATUS) if (re.test(q)) return { type: 'status', status };
  }
  return undefined;
}

/** Regional or plurilateral arrangements the question names ("Pacific Alliance", "Comunidad Andina"). */
export function namedArrangementsIn(question: string, arrangements: Arrangement[]): Arrangement[] {
  const expanded = ACRONYMS.reduce((t, [re, name]) => t.replace(re, name), question);
  return namedArrangements(foldAccents(expanded.toLowerCase()), arrangements);
}

/**
 * Acronyms of regional arrangements, in capitals only: "CAN mra members?" is the Andean Community (Comunidad Andina),
 * "can we apply?" is not. Not in a question written all in capitals.
 */
const ACRONYMS: [RegExp, string][] = [[/(?<![\p{L}])CAN(?![\p{L}])(?=.*\p{Ll})/gu, 'andean community']];

function namedArrangements(q: string, arrangements: Arrangement[]): Arrangement[] {
  let text = q;
  for (const [re, en] of NAME_ALIASES) text = text.replace(re, en);
  const words = new Set(text.split(/[^\p{L}\p{N}]+/u));
  let best = 0;
  let found: Arrangement[] = [];
  for (const a of arrangements) {
    if (!a.name) continue;
    const keys = nameKeys(a.name);
    if (!keys.length) continue;
    const share = keys.filter((k) => words.has(k)).length / keys.length;
    if (share > best + 1e-9) { best = share; found = [a]; }
    else if (share > 0 && Math.abs(share - best) < 1e-9) found.push(a);
  }
  return best >= 0.5 ? found : [];
}

/**
 * The distinctive words of an arrangement's name. The registry's names are few and fixed, but every ask compared
 * them all (folding each name's accents again): the words are kept per name.
 */
const keysByName = new Map<string, readonly string[]>();

function nameKeys(name: string): readonly string[] {
  let keys = keysByName.get(name);
  if (!keys) {
    keys = foldAccents(name.toLowerCase()).split(/[^\p{L}\p{N}]+/u).filter((k) => k && !GENERIC.has(k) && !/^\d+$/.test(k));
    // Bounded: a registry holds a few hundred names; a reload with renamed arrangements must not grow it forever.
    if (keysByName.size >= 4096) keysByName.clear();
    keysByName.set(name, keys);
  }
  return keys;
}

/** A capitalised name in a "does X have an MRA" slot that is not a known country: never guess it. */
function unknownName(question: string, resolver: CountryResolver): string | undefined {
  const slots = [
    /\b(?:does|do|has|have|did)\s+(?:the\s+)?(.+?)\s+(?:have|has|had|sign|signed|got)\b/i,
    /\bwith\s+(?:the\s+)?([^?,]+?)\s*(?:\?|$)/i,
    /\b(?:tiene|ha firmado|firm[oó])\s+(?:el\s+|la\s+)?(.+?)\s+(?:un|algún|alg[uú]n|el|acuerdos?|arm)\b/i,
    /\bcon\s+(?:el\s+|la\s+)?([^?,]+?)\s*(?:\?|$)/i,
    /^(?:l[ae']\s*)?(.+?)\s+a-t-(?:il|elle)\b/i,
    /\bavec\s+(?:l[ae']\s*)?([^?,]+?)\s*(?:\?|$)/i,
  ];
  for (const re of slots) {
    const slot = re.exec(question)?.[1]?.trim();
    if (!slot || !/^\p{Lu}/u.test(slot) || slot.split(/\s+/).length > 4) continue;
    if (resolver.find(slot).length) continue;
    if (/\b(AEO|MRA|OEA|ARM|WCO|OMA|OMD|EU|UE)\b/.test(slot)) continue;
    return slot;
  }
  return undefined;
}
