/** Small statistics helpers: percentiles of samples and median/min/max of repeated runs. */

/** Nearest-rank percentile (p in 0..100) of a sample; NaN for an empty sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length) - 1;
  return s[Math.min(s.length - 1, Math.max(0, rank))] ?? NaN;
}

export const median = (xs: readonly number[]): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** One figure measured in several runs: the median is reported, min and max show the spread. */
export interface Summary { median: number; min: number; max: number; runs: number }

export function summarize(values: readonly number[]): Summary {
  const v = values.filter((x) => Number.isFinite(x));
  if (!v.length) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  return { median: median(v), min: Math.min(...v), max: Math.max(...v), runs: v.length };
}

/** Summaries of every numeric field of per-run records (fields missing in a run are skipped). */
export function summarizeRuns<T extends Record<string, number>>(runs: readonly T[]): { [K in keyof T]: Summary } {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  const out: Record<string, Summary> = {};
  for (const k of keys) out[k] = summarize(runs.map((r) => r[k] ?? NaN));
  return out as { [K in keyof T]: Summary };
}

/** Times an async function in milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

// ---- formatting ----

export function fmtNum(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x.toFixed(digits);
}

export const fmtMs = (x: number, digits = 1): string => (Number.isFinite(x) ? `${x.toFixed(digits)} ms` : 'n/a');
export const fmtPct = (x: number, digits = 1): string => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : 'n/a');

/** "12.3 (11.0-13.1)": median with the range of the runs; only the median when every run agreed. */
export function fmtSummary(s: Summary, f: (x: number) => string = (x) => fmtNum(x)): string {
  if (!Number.isFinite(s.median)) return 'n/a';
  const a = f(s.median);
  const lo = f(s.min);
  const hi = f(s.max);
  return lo === hi ? a : `${a} (${lo}–${hi})`;
}

/** Digits that keep small latencies readable (0.042 ms) and big ones short (1234 ms). */
export function autoDigits(x: number): number {
  const a = Math.abs(x);
  if (a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return 3;
}

export const fmtMsAuto = (x: number): string => fmtMs(x, autoDigits(x));

/** A ratio "x.xx×" with sensible digits. */
export function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return `${x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3)}×`;
}

/** A deterministic PRNG (mulberry32), so synthetic corpora are the same in every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
