import { analyze } from '../search/analyzer.js';
import type { Chunk } from '../knowledge/types.js';
import { splitUnits } from './units.js';

// Chunks never change: what the answer steps read of a chunk's text is worked out once per chunk, for all of them.
const units = new WeakMap<Chunk, string[]>();
const stems = new WeakMap<Chunk, Set<string>>();

/** A chunk's answerable units (sentences, list items), split once. Callers only read the array. */
export function unitTexts(chunk: Chunk): string[] {
  let texts = units.get(chunk);
  if (!texts) units.set(chunk, (texts = splitUnits(chunk.text)));
  return texts;
}

/** The stems of a chunk's whole text, in its language. Callers only read the set. */
export function textStems(chunk: Chunk): Set<string> {
  let s = stems.get(chunk);
  if (!s) stems.set(chunk, (s = new Set(analyze(chunk.text, chunk.language))));
  return s;
}
