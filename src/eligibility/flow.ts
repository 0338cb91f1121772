import { contentTokens, foldAccents } from '../answering/text.js';

export const AREAS = ['compliance', 'records', 'solvency', 'security', 'training'] as const;
export type Area = (typeof AREAS)[number];
export const STEPS = ['business', 'country', ...AREAS] as const;
export type Step = (typeof STEPS)[number];
export type YesNo = 'yes' | 'no' | 'unsure';

export const BUSINESS_TYPES = ['importer', 'exporter', 'broker', 'forwarder', 'carrier', 'warehouse', 'manufacturer', 'other'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

/** Countries offered as buttons: the workshop's region first, then the largest MRA partners. */
export const COUNTRY_CHOICES = ['PE', 'CO', 'MX', 'BR', 'CL', 'CR', 'GT', 'DO', 'UY', 'EU', 'US'];

export interface EligibilityState {
  step: number;
  business?: BusinessType;
  country?: string;
  answers: Partial<Record<Area, YesNo>>;
}

const norm = (s: string) => foldAccents(s.toLowerCase()).replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();

const TRIGGER = /(^\/?eligibility\b|check (my|our) eligibility|eligibility (check|self check|questionnaire|test)|am i eligible|are we eligible|(puedo|podemos|puede) ser (un |una )?oea|soy elegible|somos elegibles|evaluar (mi|nuestra) elegibilidad|autoevaluacion oea|suis je eligible|sommes nous eligibles|(puis je|pouvons nous) devenir (un )?oea|verifier (mon|notre) eligibilite)/;

/** A request to start the check; a specific question ("can I be an OEA in Peru as a forwarder?") is answered instead. */
export function isTrigger(text: string): boolean {
  const t = norm(text).replace(/'/g, ' ');
  const m = TRIGGER.exec(t);
  if (!m) return false;
  const rest = `${t.slice(0, m.index)} ${t.slice(m.index + m[0].length)}`;
  return contentTokens(rest).length <= 2;
}

export function isCancel(text: string): boolean {
  return /^(cancel|stop|quit|exit|cancelar|salir|detener|annuler|arreter)$/.test(norm(text));
}

export function isRestart(text: string): boolean {
  return /^(start over|restart|reset|empezar de nuevo|reiniciar|recommencer|reprendre au debut)$/.test(norm(text));
}

const YES = new Set(['yes', 'y', 'yeah', 'yep', 'sure', 'true', 'si', 'claro', 'oui', 'ouais', 'affirmative']);
const NO = new Set(['no', 'n', 'nope', 'false', 'non', 'not really', 'todavia no', 'pas encore', 'not yet']);
const UNSURE = new Set(['unsure', 'not sure', 'dont know', "don't know", 'i dont know', 'maybe', 'no se', 'no estoy seguro', 'no estoy segura', 'quiza', 'pas sur', 'pas sure', 'je ne sais pas', 'peut etre', 'ns']);

export function parseYesNo(text: string): YesNo | undefined {
  const t = norm(text).replace(/'/g, '');
  if (YES.has(t)) return 'yes';
  if (NO.has(t)) return 'no';
  if (UNSURE.has(t) || UNSURE.has(t.replace(/'/g, ''))) return 'unsure';
  return undefined;
}

const BUSINESS_PATTERNS: [RegExp, BusinessType][] = [
  [/\b(broker|despachante|agente de aduanas?|agencia de aduanas|commissionnaire|declarant)/, 'broker'],
  [/\b(forward|freight|logist|transitaire|agente de carga|consolidat)/, 'forwarder'],
  [/\b(warehouse|free zone|free-zone|zona franca|almacen|deposito|entrepot|zone franche)/, 'warehouse'],
  [/\b(carrier|transport|haulier|trucking|shipping line|airline|transportista|naviera|transporteur)/, 'carrier'],
  [/\b(manufactur|producer|fabricante|productor|fabricant|industr)/, 'manufacturer'],
  [/\b(import)/, 'importer'],
  [/\b(export)/, 'exporter'],
  [/\b(other|otro|otra|autre)\b/, 'other'],
];

export function parseBusiness(text: string): BusinessType | undefined {
  const t = norm(text);
  if ((BUSINESS_TYPES as readonly string[]).includes(t)) return t as BusinessType;
  const n = Number(t);
  if (Number.isInteger(n) && n >= 1 && n <= BUSINESS_TYPES.length) return BUSINESS_TYPES[n - 1];
  return BUSINESS_PATTERNS.find(([re]) => re.test(t))?.[1];
}

/** A new message that is clearly a question of its own, not an answer to the current step. */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  const words = t.split(/\s+/).length;
  // Chat users often leave out the "?": four words that are no answer to the step are a question too.
  return (/[?¿]/.test(t) && words >= 2) || words >= 4;
}

/**
 * A full question typed mid-check ("Can a freight forwarder become an AEO in Peru?"): answered as a question even
 * when it holds a word the step would take as its answer; the short answers a step expects are never like it.
 */
export function isAside(text: string): boolean {
  const t = text.trim();
  return /[?¿]/.test(t) && t.split(/\s+/).length >= 5;
}
