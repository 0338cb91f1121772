/** bench.md: targets first, then machine, quality, speed vs size, service; every figure median (min–max) of its runs. */
import type { BenchOptions } from './lib/args.js';
import type { Machine } from './lib/machine.js';
import { fmtMsAuto, fmtPct, fmtRatio, fmtSummary, type Summary } from './lib/stats.js';
import { RETRIEVERS, RETRIEVER_LABELS, type GroupQuality, type QualityResult } from './quality.js';
import type { ScalePoint } from './scale.js';
import type { ServiceResult, LoadLevel, SlackLevel } from './service.js';
import type { AskLatency, ChunksMemory, ColdStart } from './engine.js';
import type { OldVsNewResult } from './old-vs-new.js';
import { oldNewTargets, renderOldNew } from './report-old-new.js';

export interface EngineResult {
  entry: string;
  realChunks: number;
  fullBuildMs: Summary;
  loadBuiltMs: Summary;
  askReal: AskLatency;
  ask2k?: AskLatency & { buildMs: number };
  coldStart?: ColdStart & { chunks: number; moduleLoadMs: Summary };
  service10k?: ColdStart & { chunks: number; buildMs: number; indexFilesMb: Record<string, number>; sourcesShare: number; chunksMemory: ChunksMemory };
}

export interface BenchResults {
  options: BenchOptions;
  machine: Machine;
  seconds: number;
  quality?: QualityResult;
  scale?: ScalePoint[];
  engine?: EngineResult;
  oldVsNew?: OldVsNewResult;
  service?: ServiceResult;
  charts: Record<string, string>;
  failures: string[];
  notes: string[];
}

export interface TargetRow { target: string; measured: string; pass: boolean | undefined; why?: string }

const ms = (s: Summary) => fmtSummary(s, fmtMsAuto);
const pct = (s: Summary) => fmtSummary(s, (x) => fmtPct(x));
const mb = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : 'n/a');
const mbS = (s: Summary) => fmtSummary(s, (x) => `${x.toFixed(0)} MB`);
const k = (n: number) => (n >= 1000 ? `${(n / 1000).toLocaleString('en')}k` : String(n));

export function targets(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const q = r.quality;
  if (q) {
    const d = q.hybridVsBm25Hit3Points;
    const bm = q.retrieval.bm25.hit3.median;
    const hy = q.retrieval.hybrid.hit3.median;
    const vec = q.retrieval.vector.hit3.median;
    const pass = d.median >= 10;
    rows.push({
      target: 'Hybrid hit@3 >= BM25-only hit@3 + 10 points (dev set)',
      measured: `hybrid ${fmtPct(hy)} vs BM25 ${fmtPct(bm)}: ${fmtSummary(d, (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`)} points`,
      pass,
      ...(pass ? {} : {
        why: `BM25 alone already finds a hitting chunk in the top 3 for ${fmtPct(bm)} of the ${q.answerable} answerable questions, so at most ${((1 - bm) * 100).toFixed(1)} points are left to gain, and the vector channel fused with it reaches only ${fmtPct(vec)} hit@3 (LangChain's exact MemoryVectorStore over the same embeddings: ${fmtPct(q.retrieval['langchain-memory'].hit3.median)}), so fusion adds nothing at hit@3 and costs ${fmtSummary(q.hybridVsBm25Hit1Points, (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`)} points at hit@1; cheapest fix: ${(1 - bm) * 100 < 10 ? 'restate the target, which this dev set cannot show (e.g. hybrid >= BM25 at hit@1 and hit@3 and better at hit@5/MRR, or +10 points on paraphrased questions where BM25 misses); any real gain needs' : 'use'} a stronger embedder behind the existing \`Embeddings\` seam (EMBEDDINGS_PROVIDER; a change of embedder forces the rebuild), since the offline word vectors are the weak channel.`,
      }),
    });
  }
  const s50 = r.scale?.find((p) => p.size === 50_000);
  if (s50) {
    const pass = s50.speedupP50.median >= 10 && s50.recall10 >= 0.95;
    rows.push({
      target: 'HNSW query <= 1/10 of brute force at 50k chunks, recall@10 >= 0.95',
      measured: `HNSW p50 ${ms(s50.hnswP50)} vs brute force ${ms(s50.bruteP50)}: ${fmtRatio(s50.speedupP50.median)} faster (p95 ${fmtRatio(s50.speedupP95.median)}); recall@10 ${s50.recall10.toFixed(3)}`,
      pass,
      ...(pass ? {} : {
        why: s50.recall10 < 0.95
          ? `HNSW returns ${(s50.recall10 * 100).toFixed(1)}% of the exact top 10 at efSearch 64; cheapest fix: raise EF_SEARCH in src/search/vector-index.ts (e.g. 128) and re-measure the time ratio.`
          : `HNSW is only ${fmtRatio(s50.speedupP50.median)} faster: LangChain's HNSWLib wrapper adds per-query overhead (docstore look-ups, Document objects) on top of hnswlib's search; cheapest fix: query \`store.index.searchKnn\` directly in VectorIndex.query and map labels to positions.`,
      }),
    });
  } else if (r.scale) {
    rows.push({ target: 'HNSW query <= 1/10 of brute force at 50k chunks, recall@10 >= 0.95', measured: 'not measured (50k chunks not in --sizes; quick mode runs 1k and 10k)', pass: undefined });
  }
  const e = r.engine;
  if (e?.ask2k) {
    const p95 = e.ask2k.p95.median;
    const pass = p95 <= 20;
    rows.push({
      target: `Ask p95 <= 20 ms at ~2k chunks (in process)`,
      measured: `p95 ${ms(e.ask2k.p95)} at ${e.ask2k.chunks.toLocaleString('en')} chunks (p50 ${ms(e.ask2k.p50)}; ${fmtRatio(p95 / e.askReal.p95.median)} the p95 at ${e.askReal.chunks} chunks)`,
      pass,
      ...(pass ? {} : {
        why: `ask p95 grows ${fmtRatio(p95 / e.askReal.p95.median)} from ${e.askReal.chunks} to ${e.ask2k.chunks.toLocaleString('en')} chunks and the hybrid retrieval step alone takes p95 ${ms(e.ask2k.retrievalP95)} of it (${ms(e.askReal.retrievalP95)} at ${e.askReal.chunks} chunks): BM25 (MiniSearch, OR over every query and expansion term) scores and sorts every chunk sharing a word with the question${r.scale?.length ? ` (BM25 p50 ${fmtMsAuto(r.scale[0]!.bm25P50.median)} at ${k(r.scale[0]!.size)} synthetic chunks, ${fmtMsAuto(r.scale[r.scale.length - 1]!.bm25P50.median)} at ${k(r.scale[r.scale.length - 1]!.size)})` : ''}, and the answerer then scores the sentences of the top passages (${fmtMsAuto(e.ask2k.cpuMsPerAsk.median)} CPU per ask); cheapest fix: drop stopword-like, high-document-frequency terms from the BM25 query (MiniSearch \`combineWith\` stays OR, but fewer posting lists) and keep only the top results with a score cut-off${(r.machine.loadAvgStart[0] ?? 0) > r.machine.cores * 0.75 ? ' — and re-measure on an idle machine, since this run shared its CPUs' : ''}.`,
      }),
    });
  }
  if (e?.coldStart) {
    const v = e.coldStart.readyMs.median;
    const pass = v <= 1500;
    rows.push({
      target: 'Cold start <= 1.5 s (spawn to /readyz 200, built index)',
      measured: `${ms(e.coldStart.readyMs)} (${e.coldStart.chunks} chunks; ${fmtRatio(v / e.fullBuildMs.median)} of a full in-process build, ${ms(e.fullBuildMs)})`,
      pass,
      ...(pass ? {} : {
        why: `of the ${fmtMsAuto(v)} (${ms(e.coldStart.readyCpuMs)} of CPU), importing the bundle alone takes ${ms(e.coldStart.moduleLoadMs)} and creating the services and loading the built index with the word-vector cache in process ${ms(e.loadBuiltMs)}${e.coldStart.readyCpuMs.median < 1500 && v > 1500 ? `, so the CPU work fits in 1.5 s and the rest is waiting for a CPU on this shared machine` : ''}; cheapest fix: ${e.coldStart.moduleLoadMs.median > e.loadBuiltMs.median ? 'defer the imports only needed after start-up (LangChain vector store and community packages, prom-client, Express routes of off channels) with dynamic import(), since module loading is the larger part' : 'load the word-vector cache and the index files concurrently in createServices/refresh (sequential today)'}.`,
      }),
    });
  }
  if (e?.service10k) {
    const v = e.service10k.peakRssMb.median;
    const pass = v <= 250;
    rows.push({
      target: 'Service RSS <= 250 MB at 10k chunks',
      measured: `peak ${mbS(e.service10k.peakRssMb)} at ${e.service10k.chunks.toLocaleString('en')} chunks after answering the dev set over HTTP (real knowledge: ${e.coldStart ? mbS(e.coldStart.peakRssMb) : 'n/a'})`,
      pass,
      ...(pass ? {} : {
        why: (() => {
          const f = e.service10k!.indexFilesMb;
          const parts = Object.entries(f).sort((a, b) => b[1] - a[1]).map(([n, x]) => `${n} ${x.toFixed(0)} MB`).join(', ');
          const real = e.coldStart?.peakRssMb.median ?? NaN;
          const perChunk = ((v - real) * 1024) / Math.max(1, e.service10k!.chunks - (e.coldStart?.chunks ?? 0));
          return `RSS grows by about ${perChunk.toFixed(0)} KB per chunk over the ${Number.isFinite(real) ? `${real.toFixed(0)} MB` : ''} of the real knowledge (index on disk: ${parts}); the chunks now keep their file's metadata once per file (parsing them: ${mb(e.service10k!.chunksMemory.sharedHeapMb)} of heap, +${mb(e.service10k!.chunksMemory.sharedPeakMb)} peak, against ${mb(e.service10k!.chunksMemory.fullHeapMb)} and +${mb(e.service10k!.chunksMemory.fullPeakMb)} with the previous layout); what remains is node with its modules and the word vectors (see the real-knowledge RSS), the HNSW graph and the chunk texts.`;
        })(),
      }),
    });
  }
  const sv = r.service;
  if (sv) rows.push(slackAckTarget(sv, r.machine.cores));
  rows.push(...oldNewTargets(r));
  return rows;
}

/** The floor's p99 at or above this share of the 50 ms target: the harness alone takes most of it. */
const FLOOR_NEAR_TARGET = 0.8;

/**
 * The Slack ack target: passes on the service's absolute p99, as the issue states; beside it the plain node:http
 * floor of the same run (same client, same bursts, in turn), so what the service itself adds is read apart from what
 * the client and the shared cores cost.
 */
export function slackAckTarget(sv: ServiceResult, cores: number): TargetRow {
  const ack = sv.slackAck;
  const v = ack.p99.median;
  const pass = v <= 50;
  const fl = sv.slackAckFloor;
  const f = fl?.p99.median ?? NaN;
  const added = v - f;
  const old = sv.slackAckOld ? `; previous path (SLACK_ACK_FIRST=false) in the same run p99 ${ms(sv.slackAckOld.p99)}: ${(v / sv.slackAckOld.p99.median).toFixed(2)}x` : '';
  const floor = fl ? `; plain node:http floor (same client and bursts, in turn) p99 ${ms(fl.p99)}, so the service adds ${fmtMsAuto(added)} (${fmtRatio(v / f)} the floor's p99)` : '';
  const measured = `p99 ${ms(ack.p99)}, p50 ${ms(ack.p50)} (${ack.burst} concurrent × ${ack.burstsPerRun} bursts per run${ack.failed ? `, ${ack.failed} failed` : ''})${old}${floor}`;
  if (pass) return { target: 'Slack ack p99 <= 50 ms at 100 concurrent signed message events', measured, pass };
  const ignored = ack.ignoredP99.median;
  let why: string;
  if (f >= FLOOR_NEAR_TARGET * 50) {
    why = `a plain node:http server that only reads the body and answers 200, sent the same bursts from the same client in the same run, already has p99 ${ms(fl!.p99)} (${fmtPct(f / 50, 0)} of the 50 ms target): the load generator and the ${cores} shared cores take that much before the service does any work, and the service itself adds ${fmtMsAuto(added)} (events it ignores: p99 ${ms(ack.ignoredP99)}); measure on an idle machine, or with the client on another machine, before changing the service.`;
  } else if (ignored > 50) {
    why = `even a burst of events the service ignores (no answer queued) is acknowledged with p99 ${ms(ack.ignoredP99)}, about ${(ignored / ack.burst).toFixed(2)} ms of event-loop time per event (reading the body, one HMAC and one JSON parse; Bolt runs after the 200), so the 100th event of a burst waits for the 99 before it (message events that do queue answers: p99 ${fmtMsAuto(v)})${fl ? `, against p99 ${ms(fl.p99)} for the plain node:http floor` : ''}; measure on an idle machine, since ${cores} shared cores (client and service) multiply every per-event cost.`;
  } else {
    why = `events the service ignores are acknowledged with p99 ${ms(ack.ignoredP99)}${fl ? ` (plain node:http floor: ${ms(fl.p99)})` : ''}, but message events that queue answers reach ${fmtMsAuto(v)}. Acks are already sent before Bolt (fast-ack.ts), and Bolt and the answers wait until the burst has passed (after-burst.ts: 30 ms without a new event, at most 300 ms after the first), so queued answers can delay acks only in a burst that outlasts that window (events more than 30 ms apart on a loaded machine, or over 300 ms in all): its answers then start while later events still arrive, each holding the event loop for milliseconds of synchronous retrieval and scoring; cheapest fix: answer in a worker thread, so the event loop that acks never runs an answer.`;
  }
  return { target: 'Slack ack p99 <= 50 ms at 100 concurrent signed message events', measured, pass, why };
}

export function renderReport(r: BenchResults): string {
  const L: string[] = [];
  const o = r.options;
  L.push('# aeo-bot benchmark', '');
  L.push(`Generated by \`npm run bench${o.quick ? ' -- --quick' : ''}\` on ${r.machine.date.slice(0, 16).replace('T', ' ')} UTC in ${(r.seconds / 60).toFixed(1)} min (${o.quick ? 'quick mode: ' : ''}${o.runs} runs per figure).`);
  L.push(`Every figure is the **median of ${o.runs} runs**, with the min–max of the runs in parentheses when they differ; ratios and deltas are against a baseline measured in the same run. Quality figures are deterministic (identical in every run).`, '');
  if (r.failures.length) {
    L.push('> **Parts of this run failed** (see "Failures" at the end); their sections are missing or partial.', '');
  }

  // ---- targets ----
  const rows = targets(r);
  L.push('## Targets', '');
  L.push('| Target | Measured | Result |', '|---|---|---|');
  for (const t of rows) L.push(`| ${t.target} | ${t.measured} | ${t.pass === undefined ? 'not measured' : t.pass ? '**pass**' : '**miss**'} |`);
  const misses = rows.filter((t) => t.pass === false);
  if (misses.length) {
    L.push('', 'Why each miss, and the cheapest fix:', '');
    for (const t of misses) L.push(`- **${t.target}**: ${t.why}`);
  }
  L.push('');

  // ---- machine ----
  const m = r.machine;
  L.push('## 1. Machine', '');
  L.push('| | |', '|---|---|');
  L.push(`| CPU | ${m.cpuModel}, ${m.cores} cores |`, `| Memory | ${m.totalMemGb.toFixed(1)} GB total (${m.freeMemGb.toFixed(1)} GB free at start) |`);
  L.push(`| Node | ${m.node} (${m.platform}) |`, `| Date | ${m.date} |`);
  L.push(`| Load average (1/5/15 min) | start ${m.loadAvgStart.map((x) => x.toFixed(2)).join(' / ')}; end ${m.loadAvgEnd?.map((x) => x.toFixed(2)).join(' / ') ?? 'n/a'} |`);
  L.push('');
  if ((m.loadAvgStart[0] ?? 0) > m.cores * 0.75 || (m.loadAvgEnd?.[0] ?? 0) > m.cores * 0.75) {
    L.push(`> The machine was shared while this ran (load average above ${(m.cores * 0.75).toFixed(1)} on ${m.cores} cores): latencies and throughput include interference from other processes; the min–max ranges show how much.`, '');
  }

  // ---- quality ----
  const q = r.quality;
  if (q) {
    L.push('## 2. Quality on the dev set', '');
    L.push(`\`../shared/eval/dev.jsonl\`: ${q.items} questions (${q.answerable} answerable with expected facts, ${q.items - q.answerable} that should be declined). Scored with \`src/eval/run-eval.ts\` (\`evaluate\`, \`metrics\`, \`containsFact\`): fact recall = expected facts found in the answers of answerable questions; decline accuracy = declined exactly when it should; answered = answerable questions not declined; cited = answers with at least one citation. Grouped by the \`kind\` of the engine's answer (— where a group has no answerable question, or no answer).`, '');
    const gt = (title: string, g: Record<string, GroupQuality>) => {
      L.push(`| ${title} | n | fact recall | decline accuracy | answered | cited |`, '|---|---|---|---|---|---|');
      const dash = (ok: number, v: number) => (ok ? fmtPct(v) : '—');
      for (const [name, x] of Object.entries(g)) L.push(`| ${name} | ${x.n} | ${dash(x.answerable, x.factRecall)} | ${fmtPct(x.declineAccuracy)} | ${dash(x.answerable, x.answeredRate)} | ${dash(x.answered, x.citedRate)} |`);
      L.push('');
    };
    gt('answer kind', { ...q.byKind, '**all**': q.overall });
    gt('language', q.byLanguage);
    L.push(`Answer time in process (engine.answer, real knowledge): p50 ${ms(q.answerMs.p50)}, p95 ${ms(q.answerMs.p95)}.`, '');
    L.push('### Retrieval', '');
    L.push(`Top 10 per question for the ${q.answerable} answerable questions; a chunk *hits* when it contains at least half of the question's expected facts (title and headings included). MRR over the top 10; fact recall@5 = expected facts found in the top 5 chunks' text. LangChain's \`MemoryVectorStore\` (\`@langchain/classic/vectorstores/memory\`, exact cosine, no centring, no query expansion) holds the same chunks embedded by the same \`Embeddings\` object (\`KnowledgeBase.embedder\`).`, '');
    L.push('| retriever | hit@1 | hit@3 | hit@5 | MRR@10 | fact recall@5 | hit@3 vs BM25 | query p50 | query p95 |', '|---|---|---|---|---|---|---|---|---|');
    const bm = q.retrieval.bm25;
    for (const name of RETRIEVERS) {
      const x = q.retrieval[name];
      const d = (x.hit3.median - bm.hit3.median) * 100;
      L.push(`| ${RETRIEVER_LABELS[name]} | ${pct(x.hit1)} | ${pct(x.hit3)} | ${pct(x.hit5)} | ${fmtSummary(x.mrr, (v) => v.toFixed(3))} | ${pct(x.factRecall5)} | ${name === 'bm25' ? 'baseline' : `${d >= 0 ? '+' : ''}${d.toFixed(1)} pts`} | ${ms(x.p50)} | ${ms(x.p95)} |`);
    }
    L.push('');
    if (r.charts['retrieval-quality']) L.push(`![Retrieval quality](${r.charts['retrieval-quality']})`, '');
  }

  // ---- speed vs size ----
  const sc = r.scale;
  const e = r.engine;
  if (sc?.length || e) L.push('## 3. Speed vs size', '');
  if (sc?.length) {
    L.push('Synthetic corpora made from the real chunks (registry rows left out): chunk *i* keeps the title, headings and language of a real chunk, about 60% of its sentences mixed with one to three sentences of another chunk of the same language, shuffled, plus a distinct id token (unknown to the word vectors, so it changes BM25 but not the embedding). Each size runs in its own process (`bench/scale-worker.ts`), so RSS is per size. HNSW is the service\'s own `VectorIndex` (LangChain `HNSWLib`, cosine, M 16, efConstruction 200, efSearch 64, vectors centred); brute force is an exact dot-product scan of the same centred unit vectors in one `Float32Array`; BM25 is the service\'s `FlatBm25Index` (typed arrays; the previous MiniSearch index is compared below). Queries: the dev questions plus sentences of the knowledge (top 10; query embedding not timed; BM25 time includes analysis).', '');
    L.push('| chunks | HNSW build | BM25 build | embed (SIF) | HNSW p50 / p95 | brute force p50 / p95 | brute / HNSW (p50) | recall@10 | MemoryVectorStore p50 | BM25 p50 / p95 | peak RSS | RSS before indexing |', '|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const p of sc) {
      L.push(`| ${p.size.toLocaleString('en')} | ${ms(p.hnswBuildMs)} | ${ms(p.bm25BuildMs)} | ${fmtMsAuto(p.embedMs)} | ${ms(p.hnswP50)} / ${ms(p.hnswP95)} | ${ms(p.bruteP50)} / ${ms(p.bruteP95)} | ${fmtSummary(p.speedupP50, fmtRatio)} | ${p.recall10.toFixed(3)} | ${Number.isFinite(p.memStoreP50.median) ? ms(p.memStoreP50) : 'not run'} | ${ms(p.bm25P50)} / ${ms(p.bm25P95)} | ${mb(p.peakRssMb)} | ${mb(p.baseRssMb)} |`);
    }
    L.push('');
    const notes = sc.map((p) => `${k(p.size)}: ${p.buildRuns} build run${p.buildRuns > 1 ? 's' : ''}, ${p.queryRuns} query runs of ${p.queries} queries${p.minTimedQueries < p.queries ? ` (BM25 cut to ${p.minTimedQueries} per run by a 3 s budget)` : ''}, ${p.seconds.toFixed(0)} s`).join('; ');
    L.push(`Runs per size: ${notes}. Peak RSS is counted from the "before indexing" point${sc.every((p) => p.peakReset) ? ' (the peak is reset there through /proc/self/clear_refs)' : ' (could not reset the peak: it includes start-up)'}, so it covers the index builds and queries. Recall@10 counts ties (chunks whose known words are identical embed identically) as found. MemoryVectorStore is measured up to 50k chunks (it allocates an object per stored vector on every query); its top 10 agreed with the exact scan on ${sc.filter((p) => Number.isFinite(p.memStoreRecall10)).map((p) => `${(p.memStoreRecall10 * 100).toFixed(1)}% (${k(p.size)}, ${p.memStoreQueries} queries)`).join(', ')}.`, '');
    for (const c of ['scale-latency', 'scale-build', 'scale-memory']) if (r.charts[c]) L.push(`![${c}](${r.charts[c]})`, '');
  }
  L.push(...renderOldNew(r));
  if (e) {
    L.push('### The real engine and service', '');
    L.push(`The service's own code paths (\`createServices\`, \`IndexStore\`, \`engine.answer\`, \`${e.entry}\` for the service process).`, '');
    L.push('| measure | value |', '|---|---|');
    L.push(`| Index build, real knowledge (${e.realChunks} chunks, ingest + embed + HNSW + BM25) | ${ms(e.fullBuildMs)} |`);
    L.push(`| Load of that built index in process (createServices + refresh) | ${ms(e.loadBuiltMs)} (${fmtRatio(e.loadBuiltMs.median / e.fullBuildMs.median)} of a build) |`);
    L.push(`| Ask latency in process, real knowledge (${e.askReal.chunks} chunks, ${e.askReal.samplesPerRun} asks per run) | p50 ${ms(e.askReal.p50)}, p95 ${ms(e.askReal.p95)} |`);
    if (e.ask2k) L.push(`| Ask latency in process, ${e.ask2k.chunks.toLocaleString('en')} chunks (real knowledge + tagged copies of its pages; build ${fmtMsAuto(e.ask2k.buildMs)}) | p50 ${ms(e.ask2k.p50)}, p95 ${ms(e.ask2k.p95)} (p95 ${fmtRatio(e.ask2k.p95.median / e.askReal.p95.median)} the real corpus) |`);
    if (e.askReal) L.push(`| Hybrid retrieval step alone (top TOP_K), real knowledge | p50 ${ms(e.askReal.retrievalP50)}, p95 ${ms(e.askReal.retrievalP95)}; CPU per ask ${ms(e.askReal.cpuMsPerAsk)} |`);
    if (e.ask2k) L.push(`| Hybrid retrieval step alone, ${e.ask2k.chunks.toLocaleString('en')} chunks | p50 ${ms(e.ask2k.retrievalP50)}, p95 ${ms(e.ask2k.retrievalP95)}; CPU per ask ${ms(e.ask2k.cpuMsPerAsk)} |`);
    if (e.coldStart) L.push(`| Cold start: spawn to /readyz 200 with a built index (${e.coldStart.chunks} chunks) | ${ms(e.coldStart.readyMs)} wall, ${ms(e.coldStart.readyCpuMs)} CPU |`, `| Importing the service bundle alone (fresh process, no start-up) | ${ms(e.coldStart.moduleLoadMs)} |`, `| Service peak RSS after the dev set over HTTP (${e.coldStart.chunks} chunks) | ${mbS(e.coldStart.peakRssMb)} |`);
    if (e.service10k) L.push(`| Service at ${e.service10k.chunks.toLocaleString('en')} chunks (build ${fmtMsAuto(e.service10k.buildMs)} in process): cold start | ${ms(e.service10k.readyMs)} wall, ${ms(e.service10k.readyCpuMs)} CPU |`, `| Service peak RSS at ${e.service10k.chunks.toLocaleString('en')} chunks after the dev set over HTTP | ${mbS(e.service10k.peakRssMb)} |`, `| Its chunks parsed: heap kept / peak RSS growth | previous layout (metadata in every chunk) ${mb(e.service10k.chunksMemory.fullHeapMb)} / +${mb(e.service10k.chunksMemory.fullPeakMb)}; current chunks.json (metadata once per file, shared after loading) ${mb(e.service10k.chunksMemory.sharedHeapMb)} / +${mb(e.service10k.chunksMemory.sharedPeakMb)} |`, `| Its index on disk | ${Object.entries(e.service10k.indexFilesMb).sort((a, b) => b[1] - a[1]).map(([n, x]) => `${n} ${x.toFixed(1)} MB`).join(', ')} |`);
    L.push('');
  }

  // ---- service ----
  const sv = r.service;
  if (sv) {
    L.push('## 4. Service under load', '');
    L.push(`The real service as a child process on loopback (\`${e?.entry ?? 'dist/main.mjs'}\`, real knowledge, ${sv.chunks} chunks, Slack on with \`SLACK_BOT_TOKEN=xoxb-bench\` and a local fake Slack Web API as \`SLACK_API_URL\`), load from autocannon in this process (2 cores shared by client and server). /api/ask cycles through the dev questions for ${o.loadSeconds} s per run. Slack events are signed \`event_callback\` direct messages, each from a new user (so the per-user rate limit never applies), ${sv.slackEventsPerRun} (or 2 × connections) per run; after each run the bench waits until every acknowledged event's answer was posted to the fake Slack API ("drain").`, '');
    const loadTable = (levels: LoadLevel[], extra?: (l: LoadLevel) => string[], extraHead: string[] = []) => {
      const p1 = levels.find((l) => l.concurrency === 1)?.p99.median ?? NaN;
      const head = ['connections', 'req/s', 'p50', 'p99', 'p99 vs c=1', 'p99 without first requests', 'slowest first request', 'failed', ...extraHead];
      L.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
      for (const l of levels) {
        const cells = [String(l.concurrency), fmtSummary(l.rps, (x) => x.toFixed(0)), ms(l.p50), ms(l.p99), fmtRatio(l.p99.median / p1), ms(l.laterP99), ms(l.firstMax), `${l.failed}/${l.requests}`, ...(extra?.(l) ?? [])];
        L.push(`| ${cells.join(' | ')} |`);
      }
      L.push('');
    };
    L.push('Latency percentiles are autocannon\'s (1 ms resolution, 2xx only). "p99 without first requests" leaves out each connection\'s first request; "slowest first request" is the longest wait of a new connection for its first response: when it is far above the rest, connections opened while the service is saturated starve behind the established keep-alive ones.', '');
    L.push('### POST /api/ask', '');
    loadTable(sv.ask.levels);
    L.push(sv.ask.degradesAt ? `p99 degrades (more than 2× its value at concurrency 1) from **concurrency ${sv.ask.degradesAt}**.` : 'p99 stays within 2× its value at concurrency 1 at every level measured.', '');
    const top = [...sv.ask.levels].sort((a, b) => b.rps.median - a.rps.median)[0];
    if (top) L.push(`Throughput peaks at ${top.rps.median.toFixed(0)} req/s (concurrency ${top.concurrency}): answering is CPU-bound on one event loop, so beyond that more connections only queue (p50 grows with the number of connections while req/s stays flat or drops), and from the level where "slowest first request" approaches the run length, new connections wait for the established ones to go idle.`, '');
    L.push('### Slack events (signed, acknowledged)', '');
    const sl = new Map<number, SlackLevel>(sv.slackEvents.levels.map((l): [number, SlackLevel] => [l.concurrency, l]));
    loadTable(sv.slackEvents.levels, (l) => { const x = sl.get(l.concurrency)!; return [ms(x.drainMs), fmtSummary(x.answersPerSecond, (v) => v.toFixed(0))]; }, ['drain after the run', 'answers/s while draining']);
    L.push(sv.slackEvents.degradesAt ? `Ack p99 degrades (more than 2× its value at concurrency 1) from **concurrency ${sv.slackEvents.degradesAt}**.` : 'Ack p99 stays within 2× its value at concurrency 1 at every level measured.', '');
    L.push(`Acknowledgement latency of bursts of ${sv.slackAck.burst} concurrent signed message events (keep-alive connections opened beforehand; ${sv.slackAck.burstsPerRun} bursts per run, each drained before the next): **p50 ${ms(sv.slackAck.p50)}, p99 ${ms(sv.slackAck.p99)}**, slowest ${ms(sv.slackAck.max)}${sv.slackAck.failed ? `, ${sv.slackAck.failed} failed` : ''}. Baseline in the same runs, the same bursts of events the service acknowledges and ignores (another bot's messages: no answer queued): p50 ${ms(sv.slackAck.ignoredP50)}, p99 ${ms(sv.slackAck.ignoredP99)}.${sv.slackAckFloor ? ` The harness floor, in turn with the services burst by burst: the same bursts from the same client to a plain node:http server in its own process that only reads the body and answers 200, p50 ${ms(sv.slackAckFloor.p50)}, p99 ${ms(sv.slackAckFloor.p99)} (what the client and the shared cores cost with no service work; the service's p99 minus it is what the service adds).` : ''} ${sv.slackAckOld ? ` The previous path (SLACK_ACK_FIRST=false: Bolt's ExpressReceiver verifies the signature again and acks an event after its authorize step), a second service process measured burst by burst in turn: p50 ${ms(sv.slackAckOld.p50)}, p99 ${ms(sv.slackAckOld.p99)} (ignored events p99 ${ms(sv.slackAckOld.ignoredP99)}).` : ''} Service peak RSS over the whole load test: ${mb(sv.peakRssMb)}.`, '');
    if (r.charts['service-load']) L.push(`![Service load](${r.charts['service-load']})`, '');
  }

  if (r.notes.length) {
    L.push('## Notes', '');
    for (const n of r.notes) L.push(`- ${n}`);
    L.push('');
  }
  if (r.failures.length) {
    L.push('## Failures', '');
    for (const f of r.failures) L.push(`- ${f}`);
    L.push('');
  }
  return L.join('\n');
}
