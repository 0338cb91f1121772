/** The previous implementation vs the current one, measured in the same run: targets rows and the report section. */
import type { BenchResults, TargetRow } from './report.js';
import { fmtMsAuto, fmtRatio, fmtSummary, type Summary } from './lib/stats.js';

const ms = (s: Summary) => fmtSummary(s, fmtMsAuto);
const x = (s: Summary) => fmtSummary(s, (v) => `${v < 0.01 ? v.toFixed(4) : v.toFixed(3)}x`);

export function oldNewTargets(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const [size, limit] of [[50_000, 1 / 20], [200_000, 1 / 50]] as const) {
    const p = r.scale?.find((s) => s.size === size);
    const target = `Ask p50/p95 at ${size / 1000}k chunks <= 1/${Math.round(1 / limit)} of the previous implementation`;
    if (!p) {
      rows.push({ target, measured: `not measured (${size / 1000}k not in --sizes)`, pass: undefined });
      continue;
    }
    const worst = Math.max(p.retrievalRatioP50.median, p.retrievalRatioP95.median);
    rows.push({
      target,
      measured: `retrieval step of an ask (HybridRetriever.search, BM25 + HNSW + fusion): p50 ${x(p.retrievalRatioP50)}, p95 ${x(p.retrievalRatioP95)} (${ms(p.retrievalP50)} vs ${ms(p.retrievalOldP50)}); BM25 alone p50 ${x(p.bm25RatioP50)}`,
      pass: worst <= limit,
      ...(worst <= limit ? {} : { why: `what is left per query is the HNSW search and the query embedding, which the BM25 change does not touch (HNSW p50 ${ms(p.hnswP50)}).` }),
    });
  }
  const real = r.oldVsNew?.points.find((p) => p.corpus === 'real');
  if (real) {
    const worst = Math.max(real.ratio.p50.median, real.ratio.p95.median);
    rows.push({
      target: 'Ask p50/p95 at the real size <= 0.4x of the previous implementation',
      measured: `p50 ${x(real.ratio.p50)}, p95 ${x(real.ratio.p95)}, CPU per ask ${x(real.ratio.cpuMsPerAsk)} (${real.chunks} chunks; ${ms(real.new.p50)} vs ${ms(real.old.p50)} p50)`,
      pass: worst <= 0.4,
      ...(worst <= 0.4 ? {} : { why: 'what is left is spread over understanding the question (cue matching, jurisdictions), retrieval and sentence scoring, each a few per cent of an ask; profile the ask at this size for the next hot spot.' }),
    });
  }
  const cold = r.oldVsNew?.coldStart;
  if (cold) {
    const v = cold.new.readyMs.median / cold.old.readyMs.median;
    rows.push({
      target: 'Cold start to /readyz <= 0.5x of the previous implementation',
      measured: `${ms(cold.old.readyMs)} → ${ms(cold.new.readyMs)} wall (${fmtRatio(v)}), CPU ${ms(cold.old.readyCpuMs)} → ${ms(cold.new.readyCpuMs)} (${fmtRatio(cold.new.readyCpuMs.median / cold.old.readyCpuMs.median)})`,
      pass: v <= 0.5,
      ...(v <= 0.5 ? {} : { why: 'importing the bundle is now a fraction of what it was; the rest is loading the word vectors and the index and starting the channels, which this work did not change.' }),
    });
  }
  const points = r.oldVsNew?.points ?? [];
  if (points.length) {
    const same = points.every((p) => p.sameAnswers);
    rows.push({
      target: 'Answers identical to the previous implementation (dev set)',
      measured: points.map((p) => `${p.corpus}: ${p.sameAnswers ? 'identical' : 'differ'} (${p.asksPerRun / 2} questions)`).join('; '),
      pass: same,
      ...(same ? {} : { why: 'a performance change altered an answer: compare the two trees\' answers question by question (bench/ask-latency.ts prints a hash per run).' }),
    });
  }
  return rows;
}

export function renderOldNew(r: BenchResults): string[] {
  const L: string[] = [];
  const sc = r.scale ?? [];
  const ovn = r.oldVsNew;
  if (!sc.length && !ovn) return L;
  L.push('### Previous vs current implementation (same run)', '');
  L.push('Ratios are current / previous per run (median, min–max over runs): below 1 is faster or smaller.', '');
  if (sc.length) {
    L.push('Synthetic corpora (`bench/scale-worker.ts`): the typed-array BM25 (`FlatBm25Index`) against MiniSearch (`MiniSearchBm25Index`, the previous index, kept as baseline and test oracle) on the same chunks and queries, alone and inside the retrieval step of an ask (`HybridRetriever.search` with the English-passages filter the retrieval responder sets; the same HNSW index in both).', '');
    L.push('| chunks | BM25 p50 previous → current | BM25 p50 / p95 ratio | retrieval p50 previous → current | retrieval p50 / p95 ratio | BM25 build previous → current | BM25 heap previous → current |', '|---|---|---|---|---|---|---|');
    for (const p of sc) {
      L.push(`| ${p.size.toLocaleString('en')} | ${ms(p.bm25OldP50)} → ${ms(p.bm25P50)} | ${x(p.bm25RatioP50)} / ${x(p.bm25RatioP95)} | ${ms(p.retrievalOldP50)} → ${ms(p.retrievalP50)} | ${x(p.retrievalRatioP50)} / ${x(p.retrievalRatioP95)} | ${ms(p.bm25OldBuildMs)} → ${ms(p.bm25BuildMs)} | ${p.bm25OldHeapMb.toFixed(0)} → ${p.bm25HeapMb.toFixed(0)} MB |`);
    }
    L.push('');
  }
  if (ovn) {
    L.push(`The whole ask (\`engine.answer\`, in process): the committed tree with the files the performance work changed put back as they were at \`${ovn.baseline}\` and its later commits to shared files reversed (\`bench/lib/baseline.ts\`), against the committed tree as it is; each answers the dev set in its own process over its own index of the same knowledge, old and new alternating run by run.`, '');
    L.push('| corpus | chunks | ask p50 previous → current | ratio | ask p95 previous → current | ratio | CPU per ask ratio | process peak RSS previous → current | answers |', '|---|---|---|---|---|---|---|---|---|');
    for (const p of ovn.points) {
      L.push(`| ${p.corpus} | ${p.chunks.toLocaleString('en')} | ${ms(p.old.p50)} → ${ms(p.new.p50)} | ${x(p.ratio.p50)} | ${ms(p.old.p95)} → ${ms(p.new.p95)} | ${x(p.ratio.p95)} | ${x(p.ratio.cpuMsPerAsk)} | ${p.old.peakRssMb.median.toFixed(0)} → ${p.new.peakRssMb.median.toFixed(0)} MB (${fmtRatio(p.ratio.peakRssMb.median)}) | ${p.sameAnswers ? 'identical' : '**differ**'} |`);
    }
    L.push('');
  }
  const cold = ovn?.coldStart;
  if (cold) L.push(`Cold start of each tree's production bundle (its own scripts/build.mjs) on its own index of the real knowledge: ${ms(cold.old.readyMs)} → ${ms(cold.new.readyMs)} to /readyz (CPU ${ms(cold.old.readyCpuMs)} → ${ms(cold.new.readyCpuMs)}); peak RSS after the dev set over HTTP ${cold.old.peakRssMb.median.toFixed(0)} → ${cold.new.peakRssMb.median.toFixed(0)} MB.`, '');
  if (r.charts['old-vs-new']) L.push(`![Previous vs current](${r.charts['old-vs-new']})`, '');
  return L;
}
