/**
 * The real engine and service at realistic sizes: index build, ask latency in process (real knowledge and ~2k
 * chunks), cold start of the service with a built index, and the service's peak RSS at ~10k chunks.
 */
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Services } from '../src/main.js';
import type { EvalItem } from '../src/eval/run-eval.js';
import type { LoadedIndex } from '../src/search/index-store.js';
import type { KnowledgeIndex } from '../src/search/retriever.js';
import { decodeChunks } from '../src/search/chunk-codec.js';
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { runWorker, startService, peakRssMb } from './lib/child.js';
import { REPO } from './lib/paths.js';
import { syntheticKnowledge } from './lib/corpus.js';
import { benchServices } from './lib/services.js';
import { percentile, summarize, type Summary } from './lib/stats.js';

export interface AskLatency {
  chunks: number;
  p50: Summary;
  p95: Summary;
  /** The hybrid retrieval step alone (top TOP_K, as the retrieval responder asks), same questions. */
  retrievalP50: Summary;
  retrievalP95: Summary;
  /** Mean CPU time of this process per ask: less sensitive than wall time to other load on the machine. */
  cpuMsPerAsk: Summary;
  samplesPerRun: number;
}

export interface ColdStart { readyMs: Summary; readyCpuMs: Summary; peakRssMb: Summary }

/** Ask latency of the in-process engine: one warm-up pass, then `runs` runs of `rounds` passes over the questions. */
export async function askLatency(s: Services, questions: string[], runs: number, rounds = 2): Promise<AskLatency> {
  for (const q of questions) await s.engine.answer(q).catch(() => undefined);
  const kb = s.engine.knowledgeBase;
  const p50: number[] = [];
  const p95: number[] = [];
  const r50: number[] = [];
  const r95: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const times: number[] = [];
    const c0 = process.cpuUsage();
    for (let k = 0; k < rounds; k++) {
      for (const q of questions) {
        const t = performance.now();
        await s.engine.answer(q).catch(() => undefined);
        times.push(performance.now() - t);
      }
    }
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / times.length);
    p50.push(percentile(times, 50));
    p95.push(percentile(times, 95));
    const rt: number[] = [];
    for (const q of questions) {
      const t = performance.now();
      await kb?.retriever.search(q, { k: s.config.TOP_K });
      rt.push(performance.now() - t);
    }
    r50.push(percentile(rt, 50));
    r95.push(percentile(rt, 95));
  }
  return {
    chunks: kb?.chunkCount ?? 0, p50: summarize(p50), p95: summarize(p95), retrievalP50: summarize(r50), retrievalP95: summarize(r95),
    cpuMsPerAsk: summarize(cpu), samplesPerRun: questions.length * rounds,
  };
}

/** Builds the index of a knowledge folder in process (the service's own build path); returns the time taken. */
export async function buildIndex(knowledgeDir: string, indexDir: string): Promise<{ services: Services; index: KnowledgeIndex; ms: number }> {
  const services = await benchServices(knowledgeDir, indexDir);
  const t = performance.now();
  const index = await services.refresh();
  return { services, index, ms: performance.now() - t };
}

/** A knowledge folder of ~target chunks built into its own index. */
export async function syntheticIndex(real: Pick<LoadedIndex, 'manifest'>, knowledgeDir: string, tmp: string, target: number): Promise<{ knowledgeDir: string; indexDir: string; services: Services; chunks: number; buildMs: number; files: Record<string, number>; sourcesShare: number; chunksMemory: ChunksMemory }> {
  const synth = await syntheticKnowledge(knowledgeDir, real.manifest, tmp, target);
  const indexDir = join(tmp, `index-${target}`);
  const { services, index, ms } = await buildIndex(synth.dir, indexDir);
  return { knowledgeDir: synth.dir, indexDir, services, chunks: index.manifest.chunkCount, buildMs: ms, files: await fileSizesMb(index.dir), sourcesShare: await sourcesShare(index.dir), chunksMemory: await chunksMemory(index.dir) };
}

export interface ChunksMemory { fullHeapMb: number; fullPeakMb: number; sharedHeapMb: number; sharedPeakMb: number }

/**
 * Heap and peak RSS of parsing the chunks as a plain array with every chunk carrying its file's metadata (the
 * previous chunks.json), and of chunks.json as the index store keeps it now (metadata once per file, shared after
 * decoding), each in a fresh child process.
 */
async function chunksMemory(dir: string): Promise<ChunksMemory> {
  const plain = join(dir, '..', 'bench-chunks-plain.json');
  await writeFile(plain, JSON.stringify(decodeChunks(await readFile(join(dir, 'chunks.json'), 'utf8'))));
  const worker = join(REPO, 'bench/chunks-memory-worker.ts');
  const full = await runWorker<{ heapMb: number; peakMb: number }>(worker, ['full', plain], { nodeArgs: ['--expose-gc'] });
  const shared = await runWorker<{ heapMb: number; peakMb: number }>(worker, ['shared', join(dir, 'chunks.json')], { nodeArgs: ['--expose-gc'] });
  return { fullHeapMb: full.heapMb, fullPeakMb: full.peakMb, sharedHeapMb: shared.heapMb, sharedPeakMb: shared.peakMb };
}

/** Time to import the service bundle (module loading and its top-level work, no start-up), in a fresh Node process. */
export async function moduleLoadMs(entry: string, runs: number): Promise<Summary> {
  const out: number[] = [];
  if (entry.endsWith('.ts')) return summarize(out);
  for (let r = 0; r < runs; r++) {
    const code = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(entry).href)}); process.stdout.write(JSON.stringify(performance.now() - t));`;
    const res = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    out.push(Number(res));
  }
  return summarize(out);
}

/** Share of a plain chunks array (the previous chunks.json) taken by the chunks' `sources` lists. */
async function sourcesShare(dir: string): Promise<number> {
  const chunks = decodeChunks(await readFile(join(dir, 'chunks.json'), 'utf8'));
  const all = JSON.stringify(chunks).length;
  return chunks.reduce((s, c) => s + JSON.stringify(c.sources ?? []).length, 0) / all;
}

/** Sizes (MB) of the files of a built index folder, by top-level entry (hnsw/ summed). */
export async function fileSizesMb(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const walk = async (d: string, top: string | undefined) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const key = top ?? e.name;
      if (e.isDirectory()) await walk(p, key);
      else out[key] = (out[key] ?? 0) + (await stat(p)).size / 2 ** 20;
    }
  };
  await walk(dir, undefined);
  return out;
}

/**
 * Starts the service `runs` times on a built index: time to /readyz 200 (cold start), then the dev set over HTTP
 * and the process's peak RSS.
 */
export async function coldStarts(entry: string, indexDir: string, knowledgeDir: string, items: EvalItem[], runs: number, logDir: string, name: string): Promise<ColdStart> {
  const ready: number[] = [];
  const readyCpu: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < runs; r++) {
    const svc = await startService({ entry, logDir, name: `${name}-${r}`, env: { INDEX_DIR: indexDir, KNOWLEDGE_DIR: knowledgeDir } });
    try {
      ready.push(svc.readyMs);
      readyCpu.push(svc.readyCpuMs);
      for (const i of items) {
        await fetch(`${svc.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: i.question }) }).then((res) => res.arrayBuffer());
      }
      rss.push(await peakRssMb(svc.proc.pid));
    } finally {
      await svc.stop();
    }
  }
  return { readyMs: summarize(ready), readyCpuMs: summarize(readyCpu), peakRssMb: summarize(rss) };
}
