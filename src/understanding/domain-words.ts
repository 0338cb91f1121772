/**
 * Words of the AEO field itself, accents folded. They are never a jurisdiction (SAFE, WCO, OEA, ARM: ARM is also
 * Armenia's ISO-3 code, CAN Canada's, but in these questions they are the Spanish MRA and the Andean Community),
 * never an unknown country name, and names made only of them are generic ("Operador Económico Autorizado",
 * "Dirección General de Aduanas"): several administrations carry them, so they say nothing about which one.
 */
export const DOMAIN_TERMS: ReadonlySet<string> = new Set([
  'aeo', 'aeos', 'oea', 'oeas', 'mra', 'mras', 'arm', 'arms', 'safe', 'wco', 'oma', 'omd', 'can', 'iso', 'faq', 'tier',
  'customs', 'aduana', 'aduanas', 'douane', 'douanes', 'programme', 'program', 'programa',
  'framework', 'marco', 'cadre', 'compendium', 'mutual', 'recognition', 'agreement', 'arrangement', 'acuerdo', 'accord',
  // Tax and trade acronyms that are also ISO-3 codes (VAT: the Holy See).
  'vat',
]);

/** Words that, with domain terms, make a programme or agency name generic when it has nothing else. */
const GENERIC_NAME_WORDS = [
  'authorized', 'authorised', 'autorizado', 'autorizada', 'agree', 'economic', 'economico', 'economique', 'operator',
  'operators', 'operador', 'operadores', 'operateur', 'operateurs', 'administration', 'administracion', 'national',
  'nacional', 'nationale', 'general', 'direction', 'direccion', 'directorate', 'department', 'departamento', 'service',
  'servicio', 'services', 'agency', 'agencia', 'agence', 'authority', 'the', 'of', 'and', 'de', 'del', 'la', 'el', 'y',
  'et', 'des', 'du', 'le', 'les', 'en', 'for', 'para',
  // "empresa certificada OEA", "certified company": what every programme's members are called.
  'company', 'companies', 'certified', 'empresa', 'empresas', 'certificada', 'certificadas', 'certificado', 'entreprise',
  'entreprises', 'certifiee', 'certifiees', 'trader', 'traders',
];
export const GENERIC_WORDS: ReadonlySet<string> = new Set([...DOMAIN_TERMS, ...GENERIC_NAME_WORDS]);

/** Words that say the question is about an arrangement between two parties ("pe - co mra"). */
export const MRA_WORDS: ReadonlySet<string> = new Set([
  'mra', 'mras', 'arm', 'arms', 'aeo', 'oea', 'agreement', 'arrangement', 'acuerdo', 'accord', 'recognition',
  'reconocimiento', 'reconnaissance',
]);

/** Capitalised words that follow "in"/"with" without being places: languages, months, days, tiers. */
export const NOT_PLACES: ReadonlySet<string> = new Set([
  'english', 'spanish', 'french', 'ingles', 'espanol', 'frances', 'anglais', 'espagnol', 'francais', 'january',
  'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'i', 'ii', 'iii', 'plus',
]);

/** Articles that may stand between a preposition or separator and a name ("with the EU", "et le Japon"). */
export const ARTICLES: ReadonlySet<string> = new Set(['the', 'el', 'la', 'los', 'las', 'le', 'les', 'l']);

/** Words after which a capitalised name is a country slot ("MRA with Wakanda", "ARM con ...", "entre ... y ..."). */
export const SLOT_WORDS: ReadonlySet<string> = new Set(['with', 'between', 'vs', 'versus', 'con', 'entre', 'avec']);

/** Words that only open a country slot when the name ends the clause ("does AEO exist in Wakanda?"). */
export const CLAUSE_END_SLOT_WORDS: ReadonlySet<string> = new Set(['in', 'en', 'au', 'aux']);

/**
 * What may stand between the two halves of a pair: "A and B", "A-B", "A/B", "A vs B", "A y B", "A et B", and the
 * choice of a comparison, "A or B" ("which came first, CTPAT or PIP?"), "A o B", "A ou B".
 */
export const PAIR_GAP = /^\.?\s*(?:[-‐–—/&+x]|and|y|e|et|vs\.?|versus|or|o|ou)\s*(?:(?:the|el|la|los|las|le|les)\s+|l['’]\s*)?$/i;

/** Stems of words that put a question in the AEO field when it names no programme ("certification", "member"). */
const FIELD_STEMS = ['certif', 'accredit', 'acredit', 'trusted', 'member', 'miembro', 'membre', 'adhes', 'validat', 'validac'];

/** True when a question uses a word of the AEO field itself, not only everyday words that facets also use. */
export function mentionsField(tokens: readonly string[]): boolean {
  return tokens.some((t) => DOMAIN_TERMS.has(t) || FIELD_STEMS.some((s) => t.startsWith(s)));
}
