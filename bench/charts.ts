/** SVG charts: Vega-Lite specs compiled to Vega and rendered headless (renderer 'none', View.toSVG()). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { QualityResult } from './quality.js';
import { RETRIEVERS, RETRIEVER_LABELS } from './quality.js';
import type { ScalePoint } from './scale.js';
import type { ServiceResult } from './service.js';
import type { Summary } from './lib/stats.js';
import type { EngineResult } from './report.js';
import type { OldVsNewResult } from './old-vs-new.js';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

type Row = Record<string, string | number>;
const ok = (r: Row) => Object.values(r).every((v) => typeof v === 'string' || Number.isFinite(v));
const band = (s: Summary) => ({ value: s.median, lo: s.min, hi: s.max });
const CONFIG = { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 } };

/** A line per series over a log x axis, with the min-max range of the runs as a vertical rule. */
function lineChart(title: string, rows: Row[], x: { field: string; title: string }, y: { title: string; log?: boolean }, extra: { dash?: boolean } = {}): TopLevelSpec {
  const xs = [...new Set(rows.map((r) => r[x.field]).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
  const xEnc = {
    field: x.field, type: 'quantitative' as const, title: x.title,
    scale: { type: 'log' as const, nice: false, ...(xs.length ? { domain: [xs[0]! / 1.3, xs[xs.length - 1]! * 1.3] } : {}) },
    axis: { format: ',d', values: xs, grid: true, labelAngle: 0 },
  };
  const yScale = y.log ? { type: 'log' as const } : { zero: true };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title, width: 440, height: 280, config: CONFIG,
    data: { values: rows.filter(ok) },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: xEnc, y: { field: 'value', type: 'quantitative', title: y.title, scale: yScale },
          color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 400 } },
          ...(extra.dash ? { strokeDash: { field: 'stat', type: 'nominal', title: null, legend: {
            symbolType: 'stroke', symbolSize: 300, symbolStrokeWidth: 2,
            // The legend's line samples have no colour of their own (colour is the series'): drawn dark, not invisible.
            encode: { symbols: { update: { stroke: { value: '#333' } } } },
          } } } : {}),
          detail: { field: 'key', type: 'nominal' },
        },
      },
      {
        mark: { type: 'rule', opacity: 0.6 },
        encoding: {
          x: xEnc, y: { field: 'lo', type: 'quantitative', scale: yScale }, y2: { field: 'hi' },
          color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 400 } },
        },
      },
    ],
  } as TopLevelSpec;
}

export function scaleLatencySpec(points: ScalePoint[]): TopLevelSpec {
  const rows: Row[] = [];
  for (const p of points) {
    const add = (series: string, stat: string, s: Summary) => rows.push({ size: p.size, series, stat, key: `${series} ${stat}`, ...band(s) });
    add('HNSW (LangChain HNSWLib)', 'p50', p.hnswP50);
    add('HNSW (LangChain HNSWLib)', 'p95', p.hnswP95);
    add('brute force (Float32Array)', 'p50', p.bruteP50);
    add('brute force (Float32Array)', 'p95', p.bruteP95);
    add('LangChain MemoryVectorStore', 'p50', p.memStoreP50);
    add('BM25 (typed arrays, current)', 'p50', p.bm25P50);
    add('BM25 (typed arrays, current)', 'p95', p.bm25P95);
    add('BM25 (MiniSearch, previous)', 'p50', p.bm25OldP50);
    add('BM25 (MiniSearch, previous)', 'p95', p.bm25OldP95);
  }
  return lineChart('Query latency vs corpus size (top 10)', rows, { field: 'size', title: 'chunks (log)' }, { title: 'ms per query (log)', log: true }, { dash: true });
}

export function scaleMemorySpec(points: ScalePoint[], engine?: EngineResult): TopLevelSpec {
  const rows: Row[] = [];
  const svc = 'service peak RSS (real engine)';
  if (engine?.coldStart) rows.push({ size: engine.coldStart.chunks, series: svc, key: 'svc', ...band(engine.coldStart.peakRssMb) });
  if (engine?.service10k) rows.push({ size: engine.service10k.chunks, series: svc, key: 'svc', ...band(engine.service10k.peakRssMb) });
  for (const p of points) {
    rows.push({ size: p.size, series: 'synthetic: peak RSS (HNSW + BM25)', key: 'peak', value: p.peakRssMb, lo: p.peakRssMb, hi: p.peakRssMb });
    rows.push({ size: p.size, series: 'synthetic: RSS before indexing', key: 'base', value: p.baseRssMb, lo: p.baseRssMb, hi: p.baseRssMb });
  }
  return lineChart('Memory vs corpus size (synthetic: one process per size)', rows, { field: 'size', title: 'chunks (log)' }, { title: 'MB', log: true });
}

export function scaleBuildSpec(points: ScalePoint[]): TopLevelSpec {
  const rows: Row[] = [];
  for (const p of points) {
    rows.push({ size: p.size, series: 'HNSW build', key: 'hnsw', ...band(p.hnswBuildMs) });
    rows.push({ size: p.size, series: 'BM25 build (current)', key: 'bm25', ...band(p.bm25BuildMs) });
    rows.push({ size: p.size, series: 'BM25 build (previous, MiniSearch)', key: 'bm25old', ...band(p.bm25OldBuildMs) });
    rows.push({ size: p.size, series: 'embedding (SIF)', key: 'embed', value: p.embedMs, lo: p.embedMs, hi: p.embedMs });
  }
  return lineChart('Index build time vs corpus size', rows, { field: 'size', title: 'chunks (log)' }, { title: 'ms (log)', log: true });
}

export function serviceSpec(s: ServiceResult): TopLevelSpec {
  const p99: Row[] = [];
  const rps: Row[] = [];
  for (const [series, levels] of [['/api/ask', s.ask.levels], ['Slack events (ack)', s.slackEvents.levels]] as const) {
    for (const l of levels) {
      p99.push({ c: l.concurrency, series, key: series, ...band(l.p99) });
      rps.push({ c: l.concurrency, series, key: series, ...band(l.rps) });
    }
  }
  for (const l of s.ask.levels) p99.push({ c: l.concurrency, series: '/api/ask without first requests', key: 'ask-later', ...band(l.laterP99) });
  const a = lineChart('p99 latency vs concurrency', p99, { field: 'c', title: 'concurrent connections (log)' }, { title: 'p99 ms (log)', log: true });
  const b = lineChart('Throughput vs concurrency', rps, { field: 'c', title: 'concurrent connections (log)' }, { title: 'requests/s' });
  const strip = (x: TopLevelSpec) => {
    const { $schema: _s, config: _c, ...rest } = x as unknown as Record<string, unknown>;
    return { ...rest, width: 360 };
  };
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, hconcat: [strip(a), strip(b)] } as TopLevelSpec;
}

export function qualitySpec(q: QualityResult): TopLevelSpec {
  const rows: Row[] = [];
  for (const name of RETRIEVERS) {
    const r = q.retrieval[name];
    for (const [metric, s] of [['hit@1', r.hit1], ['hit@3', r.hit3], ['hit@5', r.hit5], ['MRR@10', r.mrr]] as const) rows.push({ retriever: RETRIEVER_LABELS[name], metric, value: s.median * 100 });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Retrieval on the dev set (${q.answerable} answerable questions)`, config: CONFIG,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      x: { field: 'metric', type: 'nominal', title: null, axis: { labelAngle: 0 }, sort: ['hit@1', 'hit@3', 'hit@5', 'MRR@10'] },
      xOffset: { field: 'retriever', sort: RETRIEVERS.map((n) => RETRIEVER_LABELS[n]) },
      y: { field: 'value', type: 'quantitative', title: '% (MRR × 100)', scale: { domain: [0, 100] } },
      color: { field: 'retriever', type: 'nominal', title: null, sort: RETRIEVERS.map((n) => RETRIEVER_LABELS[n]) },
    },
    width: 440, height: 260,
  } as TopLevelSpec;
}

/** Writes the charts it has data for; returns their file names. */
/** Previous vs current per corpus size: the retrieval step on the synthetic corpora, the whole ask on the real engine. */
export function oldNewSpec(points: ScalePoint[], ovn?: OldVsNewResult): TopLevelSpec {
  const rows: Row[] = [];
  for (const p of points) {
    const add = (series: string, stat: string, s: Summary) => rows.push({ size: p.size, series, stat, key: `${series} ${stat}`, ...band(s) });
    add('retrieval step, previous', 'p50', p.retrievalOldP50);
    add('retrieval step, previous', 'p95', p.retrievalOldP95);
    add('retrieval step, current', 'p50', p.retrievalP50);
    add('retrieval step, current', 'p95', p.retrievalP95);
  }
  for (const p of ovn?.points ?? []) {
    const add = (series: string, stat: string, s: Summary) => rows.push({ size: p.chunks, series, stat, key: `${series} ${stat}`, ...band(s) });
    add('whole ask (engine), previous', 'p50', p.old.p50);
    add('whole ask (engine), previous', 'p95', p.old.p95);
    add('whole ask (engine), current', 'p50', p.new.p50);
    add('whole ask (engine), current', 'p95', p.new.p95);
  }
  return lineChart('Previous vs current implementation per corpus size (same run)', rows, { field: 'size', title: 'chunks (log)' }, { title: 'ms per ask (log)', log: true }, { dash: true });
}

export async function writeCharts(out: string, data: { quality?: QualityResult; scale?: ScalePoint[]; service?: ServiceResult; engine?: EngineResult; oldVsNew?: OldVsNewResult }): Promise<Record<string, string>> {
  const specs: [string, TopLevelSpec][] = [];
  if (data.quality) specs.push(['retrieval-quality.svg', qualitySpec(data.quality)]);
  if (data.scale?.length) {
    specs.push(['scale-latency.svg', scaleLatencySpec(data.scale)]);
    specs.push(['scale-memory.svg', scaleMemorySpec(data.scale, data.engine)]);
    specs.push(['scale-build.svg', scaleBuildSpec(data.scale)]);
  }
  if (data.scale?.length || data.oldVsNew) specs.push(['old-vs-new.svg', oldNewSpec(data.scale ?? [], data.oldVsNew)]);
  if (data.service) specs.push(['service-load.svg', serviceSpec(data.service)]);
  const written: Record<string, string> = {};
  for (const [file, spec] of specs) {
    await writeFile(join(out, file), await renderSvg(spec));
    written[file.replace(/\.svg$/, '')] = file;
  }
  return written;
}
