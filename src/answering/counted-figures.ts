import { cueText, type CueMatcher } from '../understanding/cues.js';
import { withoutMarkers } from './citations.js';
import { FIGURE } from './term-weights.js';

/** Cardinals written as words ("ten companies"); not "one"/"un", which are also articles. */
const CARDINALS = new Set([
  'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'hundred', 'dozen',
  'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce', 'veinte', 'cien', 'deux',
  'trois', 'quatre', 'cinq', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'vingt', 'cent',
]);

/** How many words after a figure may name what it counts ("3,236 advanced certified enterprises"). */
const COUNT_WINDOW = 2;

/** Words ending in -s that may stand between a figure and what it counts ("20 customs agents"). */
const MODIFIERS = new Set([
  'customs', 'nuevos', 'nuevas', 'nouveaux', 'nouvelles', 'avanzadas', 'activos', 'activas', 'grandes', 'pequenas',
  'medianas', 'petites', 'moyennes', 'grands', 'plus', 'mas', 'los', 'las', 'les', 'des',
]);

/** Words after which a figure is a reference, not a count: "level 2", "Article 11", "Circular 33/2016". */
const LABELS = new Set([
  'level', 'tier', 'article', 'version', 'phase', 'pillar', 'circular', 'decree', 'section', 'annex', 'chapter',
  'resolution', 'regulation', 'step', 'no', 'nivel', 'articulo', 'fase', 'pilar', 'decreto', 'seccion', 'anexo',
  'capitulo', 'resolucion', 'paso', 'niveau', 'pilier', 'decret', 'annexe', 'chapitre', 'etape', 'numero', 'n',
]);

/**
 * True when a figure counts what the facet states: the noun it counts states it ("832 AEOs", "370 Japanese
 * companies"). Another plural noun between them is what is counted: "two modalities: OEA-S..." counts modalities.
 */
export function countsWhatIsStated(text: string, states: CueMatcher): boolean {
  return countsWhat(text, (w) => states.test(` ${w} `), COUNT_WINDOW);
}

/**
 * True when a figure in the text counts a word `isCounted` accepts, within `window` words after it;
 * `adjectiveAfter`: a plain word right after another noun may say it too (Spanish and French adjectives).
 */
export function countsWhat(
  text: string, isCounted: (word: string) => boolean, window = COUNT_WINDOW, adjectiveAfter = false,
): boolean {
  const words = cueText(withoutMarkers(text)).trim().split(' ');
  const counts = (from: number) => {
    for (let j = from; j < from + window; j++) {
      const w = words[j] ?? '';
      // "2.154/2023" reads as "2 154/2023": a figure followed by another is a reference.
      if (/^\d/.test(w)) return false;
      if (isCounted(w)) return true;
      // Another plural noun is what the figure counts ("two modalities"); an adjective or a name is not. The
      // adjective after a Spanish or French noun may say it ("13 administraciones aduaneras" counts aduanas).
      if (/\p{L}{3}s$/u.test(w) && !MODIFIERS.has(w)) return adjectiveAfter && /^\p{L}{4,}$/u.test(words[j + 1] ?? '') && isCounted(words[j + 1] ?? '');
    }
    return false;
  };
  // "IN RFB 2.154/2023 holders", "in 2024 companies": references and years count nothing.
  const figure = (w: string) => /^\d/.test(w) && FIGURE.test(w) && !w.includes('/') && !/^(?:19|20)\d\d$/.test(w);
  return words.some((w, i) => (figure(w) || CARDINALS.has(w))
    && !LABELS.has((words[i - 1] ?? '').replace(/s$/, '')) && counts(i + 1));
}

/** "how many countries", "cuántos países", "combien de pays", "number of modules": what a question counts. */
const COUNTING =
  /(?:^| )(?:how many|cuant[oa]s|combien(?: de| d')?|number of|numero de|nombre de|nombre d'|cantidad de) ?(.*)$/;

/** Time and amount units: "how many days" is answered by a date range, "how many times" by any figure. */
const NOT_COUNTED = new Set([
  'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'hour', 'hours', 'time', 'times', 'dia', 'dias',
  'semana', 'semanas', 'mes', 'meses', 'ano', 'anos', 'hora', 'horas', 'vez', 'veces', 'jour', 'jours', 'semaine',
  'semaines', 'mois', 'an', 'ans', 'annee', 'annees', 'heure', 'heures', 'fois', 'percent', 'por', 'pour', 'of', 'de',
  'people', 'ppl', 'personas', 'gente', 'personnes', 'gens',
]);

/** Words that count the same thing: "16 mutual recognition arrangements" answers "how many MRAs". */
const SAME_COUNT: ReadonlySet<string>[] = [
  new Set(['mra', 'mras', 'arm', 'arms', 'arrangement', 'arrangements', 'agreement', 'agreements', 'acuerdo', 'acuerdos',
    'accord', 'accords']),
];

/** The words counting the same thing as `word` (itself included). */
export function sameCount(word: string): ReadonlySet<string> {
  return SAME_COUNT.find((s) => s.has(word)) ?? new Set([word]);
}

/**
 * The word a counting question counts: a word naming what the data counts, else the first plural within three
 * words of "how many" ("how many AEO programmes" -> "programmes"), else the first word; none for time units or a question that counts nothing named.
 */
export function countedWord(question: string): string | undefined {
  const rest = COUNTING.exec(cueText(question).trimEnd())?.[1]?.trim().split(' ').filter(Boolean) ?? [];
  const words = rest.slice(0, 3).filter((w) => /^\p{L}{3,}$/u.test(w));
  // A word naming what the data counts ("cuántos ARM tenía firmados") beats a plural participle after it, but not
  // a plural noun it qualifies ("how many MRA economies").
  const plural = (w: string) => /[sx]$/.test(w) && !/(?:ad|id)[oa]s$/.test(w);
  const named = words.findIndex((w) => SAME_COUNT.some((set) => set.has(w)));
  const qualifies = named >= 0 && words.slice(named + 1).some(plural);
  const word = (named >= 0 && !qualifies ? words[named] : undefined) ?? words.find(plural) ?? words[0];
  return word && !NOT_COUNTED.has(word) && !NOT_COUNTED.has(rest[0] ?? '') ? word : undefined;
}
