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

/** Words after which a figure is a reference, not a count: "level 2", "Article 11", "Circular 33/2016". */
const LABELS = new Set([
  'level', 'tier', 'article', 'version', 'phase', 'pillar', 'circular', 'decree', 'section', 'annex', 'chapter',
  'resolution', 'regulation', 'step', 'no', 'nivel', 'articulo', 'fase', 'pilar', 'decreto', 'seccion', 'anexo',
  'capitulo', 'resolucion', 'paso', 'niveau', 'pilier', 'decret', 'annexe', 'chapitre', 'etape', 'numero', 'n',
]);

/** True when a figure counts what the facet states: a word stating it follows within a few words ("832 AEOs"). */
export function countsWhatIsStated(text: string, states: CueMatcher): boolean {
  const words = cueText(withoutMarkers(text)).trim().split(' ');
  return words.some((w, i) => ((/^\d/.test(w) && FIGURE.test(w)) || CARDINALS.has(w))
    && !LABELS.has((words[i - 1] ?? '').replace(/s$/, ''))
    && states.test(` ${words.slice(i + 1, i + 1 + COUNT_WINDOW).join(' ')} `));
}
