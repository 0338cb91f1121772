/**
 * npm run bench [-- --quick] [-- --out <dir>]: writes <out>/bench.md, <out>/bench.json and SVG charts.
 *   1. machine; 2. quality on the dev set (answers per kind/language; BM25 vs vectors vs hybrid vs LangChain
 *   MemoryVectorStore); 3. speed vs size (synthetic corpora, one process per size; the real engine at ~2k and ~10k
 *   chunks, cold start; the whole ask of the previous implementation vs the current one); 4. the service under load (autocannon: /api/ask, signed Slack events, Slack ack bursts).
 * Every figure is the median of several runs (5, quick 2) with min and max; a targets table says pass or miss.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs, type BenchOptions } from './lib/args.js';
import { machine } from './lib/machine.js';
import { BIN_MAIN, BUNDLE, KNOWLEDGE, REPO } from './lib/paths.js';
import { benchServices, readDevSet } from './lib/services.js';
import { summarize } from './lib/stats.js';
import { writeCharts } from './charts.js';
import { askLatency, buildIndex, coldStarts, moduleLoadMs, syntheticIndex } from './engine.js';
import { measureQuality } from './quality.js';
import { renderReport, targets, type BenchResults, type EngineResult } from './report.js';
import { measureScale } from './scale.js';
import { benchBackends } from './postgres.js';
import { measureService } from './service.js';
import { measureOldVsNew } from './old-vs-new.js';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** The esbuild bundle `npm start` runs (cold start is measured on it); src/main.ts through tsx when it cannot be built. */
function serviceEntry(notes: string[]): string {
  try {
    execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    if (existsSync(BUNDLE)) return BUNDLE;
  } catch (err) {
    notes.push(`The bundle (scripts/build.mjs) did not build (${(err as Error).message.split('\n')[0]}); the service ran from src/main.ts through tsx, which starts slower than \`npm start\`.`);
  }
  return BIN_MAIN;
}

async function main(o: BenchOptions): Promise<void> {
  const started = performance.now();
  await mkdir(o.out, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'aeo-bench-'));
  const results: BenchResults = { options: o, machine: machine(), seconds: 0, charts: {}, failures: [], notes: [] };
  const section = async (name: string, fn: () => Promise<void>) => {
    const t = performance.now();
    log(`${name}...`);
    try {
      await fn();
    } catch (err) {
      const e = err as Error;
      results.failures.push(`${name}: ${e.message}`);
      log(`${name} FAILED: ${e.stack ?? e.message}`);
    }
    log(`${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    const items = await readDevSet();
    const questions = items.map((i) => i.question);
    const wants = (s: BenchOptions['only'][number]) => o.only.includes(s);
    const entry = wants('engine') || wants('service') ? serviceEntry(results.notes) : BIN_MAIN;

    // The real knowledge, built from scratch `runs` times (build time), then loaded as a built index (load time).
    const realIndex = join(tmp, 'index-real');
    const builds: number[] = [];
    let realChunks = 0;
    for (let r = 0; r < o.runs; r++) {
      const b = await buildIndex(KNOWLEDGE, r === o.runs - 1 ? realIndex : join(tmp, `index-real-${r}`));
      builds.push(b.ms);
      realChunks = b.index.manifest.chunkCount;
      await b.services.close();
    }
    const loads: number[] = [];
    let real = await benchServices(KNOWLEDGE, realIndex);
    for (let r = 0; r < o.runs; r++) {
      const t = performance.now();
      const s = await benchServices(KNOWLEDGE, realIndex);
      await s.refresh();
      loads.push(performance.now() - t);
      real = s;
    }
    log(`real knowledge: ${realChunks} chunks, build ${summarize(builds).median.toFixed(0)} ms, load ${summarize(loads).median.toFixed(0)} ms`);

    if (wants('quality')) await section('quality', async () => {
      results.quality = await measureQuality(real, items, o.runs);
    });

    if (wants('engine')) await section('engine', async () => {
      const eng: EngineResult = { entry: relative(REPO, entry), realChunks, fullBuildMs: summarize(builds), loadBuiltMs: summarize(loads), askReal: await askLatency(real, questions, o.runs) };
      results.engine = eng;
      const s2k = await syntheticIndex(real.engine.knowledgeBase!.index, KNOWLEDGE, tmp, 2_000);
      eng.ask2k = { ...(await askLatency(s2k.services, questions, o.runs)), buildMs: s2k.buildMs };
      await s2k.services.close();
      log(`  ask at ${s2k.chunks} chunks: p95 ${eng.ask2k.p95.median.toFixed(1)} ms`);
      const cold = await coldStarts(entry, realIndex, KNOWLEDGE, items, o.runs, tmp, 'cold-real');
      eng.coldStart = { chunks: realChunks, ...cold, moduleLoadMs: await moduleLoadMs(entry, o.runs) };
      log(`  cold start ${cold.readyMs.median.toFixed(0)} ms, peak RSS ${cold.peakRssMb.median.toFixed(0)} MB`);
      const s10k = await syntheticIndex(real.engine.knowledgeBase!.index, KNOWLEDGE, tmp, 10_000);
      await s10k.services.close();
      const big = await coldStarts(entry, s10k.indexDir, s10k.knowledgeDir, items, o.runs, tmp, 'cold-10k');
      eng.service10k = { chunks: s10k.chunks, buildMs: s10k.buildMs, indexFilesMb: s10k.files, sourcesShare: s10k.sourcesShare, chunksMemory: s10k.chunksMemory, ...big };
      log(`  service at ${s10k.chunks} chunks: peak RSS ${big.peakRssMb.median.toFixed(0)} MB`);
      // The previous implementation's whole ask beside the current one, same questions, same knowledge.
      results.oldVsNew = await measureOldVsNew([{ name: 'real', dir: KNOWLEDGE }, { name: '10k', dir: s10k.knowledgeDir }], items, Math.min(o.runs, 3), tmp, log, entry.endsWith('.mjs') ? { entry, indexDir: realIndex } : undefined);
    });

    if (wants('service')) await section('service', async () => {
      results.service = await measureService({ entry, indexDir: realIndex, knowledgeDir: KNOWLEDGE, chunks: realChunks, items, runs: o.runs, concurrency: o.concurrency, loadSeconds: o.loadSeconds, quick: o.quick, logDir: tmp, log });
    });

    if (wants('scale')) await section('scale', async () => {
      results.scale = await measureScale(o.sizes, o.runs, realIndex, KNOWLEDGE, log);
    });

    // Opt-in (--only postgres): its own report, bench-postgres.md, at 10k and 100k chunks (10k with --quick).
    if (wants('postgres')) await section('postgres', async () => {
      await benchBackends({ sizes: o.quick ? [10_000] : [10_000, 100_000], queries: 60, out: o.out }, log);
    });

    results.machine.loadAvgEnd = loadavg();
    await section('charts', async () => {
      results.charts = await writeCharts(o.out, results);
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  results.seconds = (performance.now() - started) / 1000;
  const report = renderReport(results);
  await writeFile(join(o.out, 'bench.md'), report);
  await writeFile(join(o.out, 'bench.json'), JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
  log(`wrote ${relative(REPO, join(o.out, 'bench.md'))} in ${(results.seconds / 60).toFixed(1)} min`);
  for (const t of targets(results)) log(`  ${t.pass === undefined ? 'n/a ' : t.pass ? 'PASS' : 'MISS'}  ${t.target}: ${t.measured}`);
  if (results.failures.length) process.exitCode = 1;
}

await main(parseArgs(process.argv.slice(2)));
