import type { NameEntry } from './name-table.js';

/** Words shorter than this are too close to too many others to correct ("peur" is no "peru"). */
const MIN_LENGTH = 5;
/** From this length a name may carry two slips ("Guatamala", "Argentia"). */
const TWO_SLIPS_FROM = 8;

/**
 * A jurisdiction's one-word name typed with a slip ("Mexcio", "Jamiaca", "Uruguy"): the single nearest name by
 * optimal string alignment distance (one slip, two for long names), with the same first letter, and only when no
 * other jurisdiction's name is as near. The caller decides the word is no ordinary word first.
 */
export class TypoNames {
  private constructor(private readonly names: [string, NameEntry][]) {}

  static build(entries: Iterable<[string, NameEntry]>): TypoNames {
    const names: [string, NameEntry][] = [];
    for (const [key, e] of entries) {
      if (key.length >= MIN_LENGTH && !key.includes(' ') && e.caps === 'any' && e.codes.length === 1 && e.via !== 'agency') {
        names.push([key, e]);
      }
    }
    return new TypoNames(names);
  }

  nearest(word: string): NameEntry | undefined {
    if (word.length < MIN_LENGTH || !/^\p{L}+$/u.test(word)) return undefined;
    const budget = word.length >= TWO_SLIPS_FROM ? 2 : 1;
    let best: { d: number; e: NameEntry } | undefined;
    let tied = false;
    for (const [key, e] of this.names) {
      if (key[0] !== word[0] || Math.abs(key.length - word.length) > budget) continue;
      const d = slips(word, key, budget);
      if (d > budget || d === 0) continue;
      if (!best || d < best.d) {
        best = { d, e };
        tied = false;
      } else if (d === best.d && best.e.codes[0] !== e.codes[0]) tied = true;
    }
    return best && !tied ? best.e : undefined;
  }
}

/** Optimal string alignment distance (edits plus adjacent swaps), stopping once it exceeds `budget`. */
export function slips(a: string, b: string, budget: number): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let low = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((rows[i - 1]?.[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (rows[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(v);
      low = Math.min(low, v);
    }
    if (low > budget) return budget + 1;
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? budget + 1;
}
