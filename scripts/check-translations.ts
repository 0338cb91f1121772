/**
 * Compares every translated knowledge page (front matter `translation_of`) with its English original: numbers,
 * dates, acronyms and codes per section, and the shared front matter. After changing an English page, run it to
 * learn which translations to update.  Usage: npx tsx scripts/check-translations.ts [path-prefix]  (exit 1 on a gap)
 */
import { join } from 'node:path';
import { checkTranslations, loadEquivalents } from '../src/knowledge/translations.js';
import { formatMismatch } from '../src/knowledge/translation-sync.js';

const here = join(import.meta.dirname, '..');
const prefix = process.argv[2] ?? '';
const report = await checkTranslations(join(here, 'knowledge'), loadEquivalents(join(here, 'data')));
const shown = report.mismatches.filter((m) => m.file.startsWith(prefix) || m.original.startsWith(prefix));
for (const m of shown) console.log(formatMismatch(m));
const pages = [...report.translations.values()].flat().length;
console.log(shown.length ? `${shown.length} to fix` : `${pages} translated pages agree with their English originals`);
process.exit(shown.length ? 1 : 0);
