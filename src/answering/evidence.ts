import { analyze } from '../search/analyzer.js';
import type { ScoredChunk } from '../search/types.js';
import type { Chunk } from '../knowledge/types.js';
import { closestAlternate } from './alternate-questions.js';
import { FIGURE, NUMBER_TERM, type QueryTerm, type WordSimilarity } from './term-weights.js';
import { contentTokens } from './text.js';
import { unitTexts } from './chunk-text.js';
import { dot } from './vector-math.js';

export interface SentenceEmbedder extends WordSimilarity {
  embed(text: string): Float32Array;
}

export interface Evidence {
  text: string;
  /** Position of the source chunk in the retrieved list (0 = best). */
  hit: number;
  /** Position of the unit inside its chunk, to keep reading order. */
  position: number;
  /** Credit (0..1) this unit gives each query term, by term index. */
  credits: number[];
  coverage: number;
  semantic: number;
  score: number;
}

const CONTEXT_CREDIT = 0.6;
/**
 * A chunk whose own alternate question is this close to the question (Dice of stems) answers what that alternate
 * asks: its sentences get context credit for the words they share with it, as for the words of a heading.
 */
const ALTERNATE_MATCH = 0.6;
const SOFT_MIN = 0.7;
const SOFT_FACTOR = 0.5;

/** `soft`: the best similarity of a question word (by row) to the unit's words, kept for the words asked lately. */
interface UnitInfo { text: string; stems: Set<string>; rows: number[]; vector: Float32Array; soft?: Map<number, number> }

/** Question words whose soft match is kept per unit: common question words recur, the map stays small. */
const SOFT_KEPT = 16;
interface ChunkUnits { context: Set<string>; units: UnitInfo[] }

/** What a chunk's sentences look like to the scorer; chunks never change, so it is computed once per chunk. */
const unitCache = new WeakMap<Chunk, ChunkUnits>();

function chunkUnits(c: Chunk, embedder: SentenceEmbedder): ChunkUnits {
  let info = unitCache.get(c);
  if (!info) {
    info = {
      context: new Set(analyze([c.title, ...c.headings].join(' '), c.language)),
      units: unitTexts(c).map((text) => ({
        text,
        stems: new Set([...analyze(text, c.language), ...(FIGURE.test(text) ? [NUMBER_TERM] : [])]),
        rows: contentTokens(text).map((w) => embedder.wordRow(w)).filter((r): r is number => r !== undefined),
        vector: embedder.embed(text),
      })),
    };
    unitCache.set(c, info);
  }
  return info;
}

/** Scores every answerable unit of the retrieved chunks against the question. */
export function scoreEvidence(hits: ScoredChunk[], terms: QueryTerm[], queryVector: Float32Array, embedder: SentenceEmbedder, focus?: { code: string; words: string[] }): Evidence[] {
  const totalWeight = terms.reduce((s, t) => s + t.weight, 0) || 1;
  const termRows = terms.map((t) => embedder.wordRow(t.raw));
  // A term meets the same words in many units: each similarity is computed once per call.
  const seen = terms.map(() => new Map<number, number>());
  const asked = new Set(terms.flatMap((t) => t.stems));
  const out: Evidence[] = [];
  hits.forEach((hit, h) => {
    const { context, units } = chunkUnits(hit.chunk, embedder);
    const near = closestAlternate(asked, hit.chunk);
    const alternate = near && near.match >= ALTERNATE_MATCH ? near.stems : undefined;
    // On a page about the asked country alone, the words naming that country are answered by the page itself.
    const aboutFocus = !!focus && hit.chunk.jurisdictions.length === 1 && hit.chunk.jurisdictions[0] === focus.code;
    // What the chunk itself gives a term its units do not name (its page, headings, alternate): once per chunk.
    const fromChunk = terms.map((t) => {
      if (aboutFocus && focus.words.includes(t.raw)) return 1;
      return t.stems.some((s) => context.has(s) || !!alternate?.has(s)) ? CONTEXT_CREDIT : 0;
    });
    units.forEach((unit, position) => {
      const { text, stems, rows, vector } = unit;
      const credits = terms.map((t, i) => {
        if (t.stems.some((s) => stems.has(s))) return 1;
        const given = fromChunk[i]!;
        if (given) return given;
        const row = termRows[i];
        if (row === undefined) return 0;
        let best = unit.soft?.get(row);
        if (best === undefined) {
          const memo = seen[i]!;
          best = 0;
          for (const r of rows) {
            let sim = memo.get(r);
            if (sim === undefined) memo.set(r, (sim = embedder.wordSimilarity(row, r)));
            best = Math.max(best, sim);
          }
          const soft = (unit.soft ??= new Map());
          if (soft.size >= SOFT_KEPT) soft.clear();
          soft.set(row, best);
        }
        return best >= SOFT_MIN ? best * SOFT_FACTOR : 0;
      });
      const coverage = credits.reduce((s, cr, i) => s + cr * (terms[i]?.weight ?? 0), 0) / totalWeight;
      const semantic = Math.max(0, dot(queryVector, vector));
      const score = 0.75 * coverage + 0.1 * semantic + 0.15 / (1 + h);
      out.push({ text, hit: h, position, credits, coverage, semantic, score });
    });
  });
  return out.sort((a, b) => b.score - a.score);
}

export interface Selection {
  units: Evidence[];
  /** Share of the question's weighted terms covered by the best single unit. */
  bestCoverage: number;
  /** Share covered by all selected units together. */
  coverage: number;
  semantic: number;
}

/** Picks a few complementary units: the best, then others that are nearly as good or cover missing terms. */
export function selectEvidence(ranked: Evidence[], terms: QueryTerm[], maxUnits = 3, maxChars = 750, list = false): Selection {
  const best = ranked[0];
  if (!best) return { units: [], bestCoverage: 0, coverage: 0, semantic: 0 };
  const chosen: Evidence[] = [best];
  const covered = [...best.credits];
  let chars = best.text.length;
  // A list answer reads its best passage first, whole and in order: half a list is a wrong answer.
  const order = list ? [...ranked.filter((e) => e.hit === best.hit), ...ranked.filter((e) => e.hit !== best.hit)] : ranked;
  for (const e of order.slice(1)) {
    const listItem = list && e.hit === best.hit;
    if (chosen.length >= maxUnits) break;
    if (!listItem && e.score < best.score * 0.72) continue;
    if (chars + e.text.length > maxChars) continue;
    if (chosen.some((c) => similarText(c.text, e.text))) continue;
    const gain = e.credits.reduce((s, cr, i) => s + Math.max(0, cr - (covered[i] ?? 0)) * (terms[i]?.weight ?? 0), 0);
    // A list answer takes further items from the best passage even when they add no new question word.
    if (gain <= 0 && e.score < best.score * 0.9 && !listItem) continue;
    chosen.push(e);
    e.credits.forEach((cr, i) => (covered[i] = Math.max(covered[i] ?? 0, cr)));
    chars += e.text.length;
  }
  // "These Members also asked for support..." needs the sentence that says who they are.
  for (const e of [...chosen]) {
    if (!ANAPHORIC.test(e.text)) continue;
    const before = ranked.find((r) => r.hit === e.hit && r.position === e.position - 1);
    if (before && !chosen.includes(before)) {
      chosen.push(before);
      before.credits.forEach((cr, i) => (covered[i] = Math.max(covered[i] ?? 0, cr)));
    }
  }
  const totalWeight = terms.reduce((s, t) => s + t.weight, 0) || 1;
  const coverage = covered.reduce((s, cr, i) => s + cr * (terms[i]?.weight ?? 0), 0) / totalWeight;
  chosen.sort((a, b) => a.hit - b.hit || a.position - b.position);
  return { units: chosen, bestCoverage: Math.max(...ranked.slice(0, 10).map((e) => e.coverage)), coverage, semantic: best.semantic };
}

/** A sentence opening with a word that points back to the one before it. */
const ANAPHORIC = /^(?:These|Those|They|Such|Both|Estos|Estas|Esos|Esas|Ellos|Ellas|Dichos|Dichas|Ces|Ceux-ci|Celles-ci|Ils|Elles)\s/u;

function similarText(a: string, b: string): boolean {
  const ta = new Set(contentTokens(a));
  const tb = new Set(contentTokens(b));
  const inter = [...ta].filter((t) => tb.has(t)).length;
  return inter / Math.max(1, Math.min(ta.size, tb.size)) > 0.8;
}
