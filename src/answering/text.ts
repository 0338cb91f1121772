/** Text utilities shared by indexing and answering: one tokenizer, so both sides agree. */
import { recentMemo } from '../core/recent-memo.js';

const WORD = /[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu;

/** ASCII has no decomposition and no marks: NFKD leaves it as it is. */
const ASCII = /^[\x00-\x7f]*$/;

export function foldAccents(s: string): string {
  // Most texts and words are plain ASCII: skipping normalize() for them is ~4x cheaper per word.
  return ASCII.test(s) ? s : s.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Lower-cased, accent-folded word tokens. Hyphenated forms also yield their joined form ("c-tpat" -> "ctpat"). */
export function tokenize(text: string): string[] {
  return tokensOf(text).slice();
}

/**
 * The same texts are tokenised again and again (the question by every responder, the knowledge's sentences by
 * every ask that reads them): the last texts' tokens are kept, shared with callers that only read them.
 */
const tokensOf = recentMemo(tokenizeText, 4096);

function tokenizeText(text: string): readonly string[] {
  const out: string[] = [];
  for (const m of foldAccents(text.toLowerCase()).matchAll(WORD)) {
    // French elision: "l'atelier" is "atelier", "qu'un" is "un".
    const w = m[0].replace(/[’']/g, "'").replace(/^(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu)'(?=\p{L}{2})/u, '');
    if (/[-.]/.test(w)) {
      const parts = w.split(/[-.]/).filter(Boolean);
      // "2.154" and "184-2016-ef" keep their joined form as one token too.
      out.push(w.replace(/[-.]/g, ''));
      if (!/^\d[\d.]*$/.test(w)) out.push(...parts);
    } else {
      out.push(w.replace(/'s$/, ''));
    }
  }
  return out;
}

const STOP = new Set(
  (
    // English
    'a an the and or but if of to in on at by for with from as is are was were be been being do does did done have has had ' +
    'i me my we our you your he she it its they them their this that these those there here what which who whom whose when where why how ' +
    'can could would should will shall may might must not no yes so than then too very just also about into over under again ' +
    'all any both each few more most other some such only own same up down out off s t get got tell give please know want need ' +
    "i'm i've i'd we're we've we'd you're you've it's that's what's there's let's they're isn't aren't don't doesn't didn't can't won't " +
    // Spanish
    'el la los las un una unos unas y o u de del al en con por para que qué como cómo cuál cual cuáles cuales quién quien quiénes quienes cuándo cuando ' +
    'cuánto cuanto cuánta cuanta cuántos cuantos cuántas cuantas porqué ' +
    'dónde donde es son fue fueron ser está están hay tiene tienen se su sus lo le les mi mis nos me te este esta estos estas ese esa ' +
    'a ante bajo desde entre hacia hasta sin sobre tras muy más pero si sí no ya también ' +
    // French
    'le la les un une des et ou de du au aux en dans par pour sur avec que qui quoi quel quelle quels quelles comment quand où ' +
    'est sont été être a ont avoir ce cet cette ces son sa ses leur leurs il elle ils elles nous vous je tu on ne pas plus ' +
    'y d l qu c s n combien lequel laquelle lesquels lesquelles pourquoi'
  ).split(/\s+/).map(foldAccents),
);

export function isStopword(token: string): boolean {
  return STOP.has(token);
}

/** Content tokens: no stopwords, no one-letter tokens (except digits). */
export function contentTokens(text: string): string[] {
  return tokensOf(text).filter((t) => !STOP.has(t) && (t.length > 1 || /\d/.test(t)));
}

const ABBREV = /\b(?:e\.g|i\.e|etc|art|arts|no|nos|vs|cf|approx|dr|mr|ms|st|u\.s|u\.k|p|pp|para|ref|ee|uu|ee\. uu|sr|sra)\.$/i;

/** Splits prose into sentences; list items and table rows count as sentences of their own. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of text.split(/\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)]|\|)\s)/)) {
    const line = rawLine.replace(/\s*\n\s*/g, ' ').trim();
    if (!line) continue;
    let start = 0;
    const re = /[.!?](?=\s+[\p{Lu}\d("“¿¡])/gu;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const candidate = line.slice(start, m.index + 1);
      if (ABBREV.test(candidate)) continue;
      out.push(candidate.trim());
      start = m.index + 1;
    }
    const rest = line.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out.filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** The text as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The years a text names ("in 2019", "by 2030"). */
export function yearsIn(text: string): number[] {
  return (text.match(/(?<!\d)(?:19|20)\d\d(?!\d)/g) ?? []).map(Number);
}
