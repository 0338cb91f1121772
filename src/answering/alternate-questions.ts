import { languageByFunctionWords } from '../i18n/function-words.js';
import type { Chunk } from '../knowledge/types.js';
import { analyze } from '../search/analyzer.js';

const altCache = new WeakMap<Chunk, Set<string>[]>();

/** The stems of each alternate question a chunk answers (front matter `questions`), computed once per chunk. */
export function alternateStems(chunk: Chunk): Set<string>[] {
  let stems = altCache.get(chunk);
  if (!stems) {
    stems = (chunk.questions ?? []).map((alt) => new Set(analyze(alt, languageByFunctionWords(alt) ?? chunk.language)));
    altCache.set(chunk, stems);
  }
  return stems;
}

/** Overlap (Dice) of a question's stems with one alternate question. */
export function dice(question: ReadonlySet<string>, alt: ReadonlySet<string>): number {
  if (!question.size || !alt.size) return 0;
  let inter = 0;
  for (const s of alt) if (question.has(s)) inter++;
  return (2 * inter) / (alt.size + question.size);
}

interface AlternateMatch { stems: Set<string>; match: number }

/** The chunk's alternate question closest to the question's stems, with its overlap. */
export function closestAlternate(question: ReadonlySet<string>, chunk: Chunk): AlternateMatch | undefined {
  let best: AlternateMatch | undefined;
  for (const stems of alternateStems(chunk)) {
    const match = dice(question, stems);
    if (!best || match > best.match) best = { stems, match };
  }
  return best;
}

/** Overlap of the question's stems with the closest alternate question of the passages. */
export function alternateMatch(question: string, lang: string, chunks: Chunk[]): number {
  const q = new Set([...analyze(question, lang), ...(lang === 'en' ? [] : analyze(question, 'en'))]);
  return Math.max(0, ...chunks.map((c) => closestAlternate(q, c)?.match ?? 0));
}
