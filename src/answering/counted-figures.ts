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
  const words = cueText(withoutMarkers(text)).trim().split(' ');
  const counts = (from: number) => {
    for (let j = from; j < from + COUNT_WINDOW; j++) {
      const w = words[j] ?? '';
      // "2.154/2023" reads as "2 154/2023": a figure followed by another is a reference.
      if (/^\d/.test(w)) return false;
      if (states.test(` ${w} `)) return true;
      // Another plural noun is what the figure counts ("two modalities"); an adjective or a name is not.
      if (/\p{L}{3}s$/u.test(w) && !MODIFIERS.has(w)) return false;
    }
    return false;
  };
  // "IN RFB 2.154/2023 holders", "in 2024 companies": references and years count nothing.
  const figure = (w: string) => /^\d/.test(w) && FIGURE.test(w) && !w.includes('/') && !/^(?:19|20)\d\d$/.test(w);
  return words.some((w, i) => (figure(w) || CARDINALS.has(w))
    && !LABELS.has((words[i - 1] ?? '').replace(/s$/, '')) && counts(i + 1));
}
