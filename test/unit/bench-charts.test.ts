import { describe, expect, it } from 'vitest';
import { renderSvg, scaleLatencySpec } from '../../bench/charts.js';
import type { ScalePoint } from '../../bench/scale.js';

const s = (median: number) => ({ median, min: median * 0.9, max: median * 1.1, runs: 3 });

/** Two sizes of a scale run, every figure the latency chart draws. */
const point = (size: number): ScalePoint => ({
  size, hnswP50: s(0.03), hnswP95: s(0.05), bruteP50: s(0.2), bruteP95: s(0.3), memStoreP50: s(0.3),
  bm25P50: s(0.1), bm25P95: s(0.2), bm25OldP50: s(2), bm25OldP95: s(3),
  retrievalP50: s(0.3), retrievalP95: s(0.5), retrievalOldP50: s(3), retrievalOldP95: s(5),
} as unknown as ScalePoint);

describe('bench charts', () => {
  it('draws the p50 and p95 line samples of a latency legend (solid and dashed), not invisible paths', async () => {
    const svg = await renderSvg(scaleLatencySpec([point(1000), point(10000)]));
    const samples = [...svg.matchAll(/<g class="mark-symbol role-legend-symbol"[^>]*><path ([^>]*)\/>/g)].map((m) => m[1]!)
      .filter((attrs) => attrs.includes('stroke-dasharray'));
    expect(samples.length).toBe(2);
    for (const attrs of samples) expect(attrs).toMatch(/stroke="#333"/);
    expect(new Set(samples.map((a) => /stroke-dasharray="([^"]*)"/.exec(a)?.[1])).size).toBe(2);
  }, 60_000);
});
