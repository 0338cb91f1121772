/**
 * npm run bench: speed and retrieval quality of the embedded defaults, with baselines measured in the same run.
 * - ask latency p50/p95 over the dev questions (real knowledge) and on a ~2k-chunk corpus
 * - index build time (full) vs refresh with nothing changed (baseline: full build)
 * - cold start to ready with a built index (child process, HTTP /readyz), peak RSS of that process
 * - retrieval quality on the dev set: BM25-only vs vectors-only vs hybrid (fact recall@5, hit@1/3/5)
 */
import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createServices } from '../src/main.js';
import { silentLogger } from '../src/logging/logger.js';
import { parseEvalFile, containsFact, type EvalItem } from '../src/eval/run-eval.js';
import type { RetrievalMode } from '../src/search/hybrid-retriever.js';

const REPO = resolve(import.meta.dirname, '..');
const DEV = resolve(REPO, '../shared/eval/dev.jsonl');

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function services(knowledgeDir: string, indexDir: string) {
  const config = loadConfig({ KNOWLEDGE_DIR: knowledgeDir, INDEX_DIR: indexDir, CACHE_DIR: join(REPO, '.aeo-cache'), LOG_LEVEL: 'silent' });
  return createServices(config, silentLogger());
}

async function askLatency(s: Awaited<ReturnType<typeof services>>, questions: string[], rounds = 3): Promise<number[]> {
  const times: number[] = [];
  for (const q of questions) await s.engine.answer(q).catch(() => undefined); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await s.engine.answer(q).catch(() => undefined);
      times.push(performance.now() - t);
    }
  }
  return times;
}

/** A bigger corpus made from the real one: each file copied under new names until ~target chunks. */
async function syntheticCorpus(into: string, chunksPerCopy: number, target: number): Promise<string> {
  const dir = join(into, 'synthetic');
  const copies = Math.max(1, Math.ceil(target / Math.max(1, chunksPerCopy)) + 1);
  for (let i = 0; i < copies; i++) await cp(join(REPO, 'knowledge'), join(dir, `copy-${i}`), { recursive: true, filter: (src) => !src.includes('/mra') });
  return dir;
}

async function retrievalQuality(s: Awaited<ReturnType<typeof services>>, items: EvalItem[]) {
  const kb = s.engine.knowledgeBase!;
  const answerable = items.filter((i) => !i.should_decline && i.expected_facts.length);
  const out: Record<string, { factRecall5: number; hit1: number; hit3: number; hit5: number; p50: number }> = {};
  for (const mode of ['bm25', 'vector', 'hybrid'] as RetrievalMode[]) {
    const r = kb.retriever.withMode(mode);
    let facts = 0, found = 0, hit1 = 0, hit3 = 0, hit5 = 0;
    const times: number[] = [];
    for (const item of answerable) {
      const t = performance.now();
      const hits = await r.search(item.question, { k: 5, language: item.lang ?? 'en' });
      times.push(performance.now() - t);
      // A chunk "hits" when it contains at least half of the item's expected facts.
      const good = hits.map((h) => item.expected_facts.filter((f) => containsFact(`${h.chunk.title} ${h.chunk.headings.join(' ')} ${h.chunk.text}`, f)).length / item.expected_facts.length >= 0.5);
      if (good[0]) hit1++;
      if (good.slice(0, 3).some(Boolean)) hit3++;
      if (good.some(Boolean)) hit5++;
      const text = hits.map((h) => h.chunk.text).join('\n');
      facts += item.expected_facts.length;
      found += item.expected_facts.filter((f) => containsFact(text, f)).length;
    }
    const n = answerable.length;
    out[mode] = { factRecall5: found / facts, hit1: hit1 / n, hit3: hit3 / n, hit5: hit5 / n, p50: percentile(times, 50) };
  }
  return out;
}

async function coldStart(indexDir: string, knowledgeDir: string): Promise<{ readyMs: number; peakRssMb: number }> {
  const port = 39000 + Math.floor(Math.random() * 1000);
  const started = performance.now();
  // The built bundle, as `npm start` runs it.
  const child = spawn(process.execPath, [join(REPO, 'dist/main.mjs'), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', INDEX_DIR: indexDir, KNOWLEDGE_DIR: knowledgeDir, CACHE_DIR: join(REPO, '.aeo-cache'), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  let readyMs = NaN;
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) { readyMs = performance.now() - started; break; }
    await new Promise((r) => setTimeout(r, 10));
  }
  const items = parseEvalFile(await readFile(DEV, 'utf8'));
  for (const i of items) await fetch(`http://127.0.0.1:${port}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: i.question }) });
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return { readyMs, peakRssMb };
}

async function main() {
  // Cold start is measured on the bundle `npm start` runs; build it as `npm start` would.
  execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'inherit' });
  const tmp = await mkdtemp(join(tmpdir(), 'aeo-bench-'));
  try {
    const items = parseEvalFile(await readFile(DEV, 'utf8'));
    const questions = items.map((i) => i.question);
    const lines: string[] = ['# aeo-bot benchmark', '', `Node ${process.version}, ${(await import('node:os')).cpus().length} cores`, ''];

    // Index build: full build vs a refresh that finds nothing changed (the baseline is the full build).
    const realIndex = join(tmp, 'idx-real');
    const real = await services(join(REPO, 'knowledge'), realIndex);
    let t = performance.now();
    const built = await real.refresh();
    const fullBuild = performance.now() - t;
    t = performance.now();
    await (await services(join(REPO, 'knowledge'), realIndex)).refresh();
    const noopRefresh = performance.now() - t;
    lines.push(`## Index (real knowledge: ${built.manifest.chunkCount} chunks)`, `- full build (incl. embedding): ${ms(fullBuild)}`, `- start with built index (load + verify): ${ms(noopRefresh)} (${(noopRefresh / fullBuild).toFixed(2)}x of a full build)`, '');

    // Ask latency on the real corpus and on ~2k chunks.
    const lat = await askLatency(real, questions);
    const registryChunks = built.chunks.filter((c) => c.kind === 'registry').length;
    const synthDir = await syntheticCorpus(tmp, built.manifest.chunkCount - registryChunks, 2000);
    const synth = await services(synthDir, join(tmp, 'idx-synth'));
    t = performance.now();
    const synthBuilt = await synth.refresh();
    const synthBuild = performance.now() - t;
    const lat2k = await askLatency(synth, questions);
    lines.push('## Ask latency (in-process, answer() end to end)',
      `- real corpus (${built.manifest.chunkCount} chunks): p50 ${ms(percentile(lat, 50))}, p95 ${ms(percentile(lat, 95))}`,
      `- synthetic corpus (${synthBuilt.manifest.chunkCount} chunks, build ${ms(synthBuild)}): p50 ${ms(percentile(lat2k, 50))}, p95 ${ms(percentile(lat2k, 95))} (target p95 <= 20 ms)`, '');

    // Retrieval quality: BM25-only vs vectors-only vs hybrid, same questions, same run.
    const q = await retrievalQuality(real, items);
    lines.push('## Retrieval quality on the dev set (answerable questions, top 5)', '', '| mode | fact recall@5 | hit@1 | hit@3 | hit@5 | query p50 |', '|---|---|---|---|---|---|');
    for (const [mode, m] of Object.entries(q)) lines.push(`| ${mode} | ${(m.factRecall5 * 100).toFixed(1)}% | ${(m.hit1 * 100).toFixed(1)}% | ${(m.hit3 * 100).toFixed(1)}% | ${(m.hit5 * 100).toFixed(1)}% | ${ms(m.p50)} |`);
    lines.push('');

    // Cold start of the service with the built index, and its peak memory after answering the dev set.
    const cold = await coldStart(realIndex, join(REPO, 'knowledge'));
    lines.push('## Service', `- cold start to /readyz 200 with a built index: ${ms(cold.readyMs)} (target <= 1500 ms; ${(cold.readyMs / fullBuild).toFixed(2)}x of the full build time)`, `- peak RSS after answering the dev set over HTTP: ${cold.peakRssMb.toFixed(0)} MB (target <= 350 MB)`, '');

    const report = lines.join('\n');
    await mkdir(join(REPO, 'reports'), { recursive: true });
    await writeFile(join(REPO, 'reports/bench.md'), report);
    process.stdout.write(`${report}\n`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
