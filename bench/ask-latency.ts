/**
 * Ask latency of one checkout's engine, in its own process: tsx bench/ask-latency.ts <root> <questions.jsonl>
 * [<knowledgeDir> <indexDir> <passes>]. Builds (or loads) that checkout's index, answers every question once to warm
 * up, then `passes` times, and prints one JSON line: p50/p95/mean ms, CPU ms per ask, peak RSS, and a hash of the
 * answers (text and declined), so two checkouts run one after the other in the same bench can be compared.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import { peakRssMb } from './lib/child.js';

const [root, questionsFile, knowledgeDir, indexDir, passesArg] = process.argv.slice(2);
if (!root || !questionsFile) throw new Error('usage: tsx bench/ask-latency.ts <root> <questions.jsonl> [<knowledgeDir> <indexDir> <passes>]');
const passes = Number(passesArg ?? 3);
const questionLog = join(tmpdir(), `aeo-ask-latency-${process.pid}.jsonl`);
const { loadConfig } = await import(`${root}/src/config/load-config.ts`);
const { createLogger } = await import(`${root}/src/logging/logger.ts`);
const { createServices } = await import(`${root}/src/main.ts`);
const s = await createServices(loadConfig({
  KNOWLEDGE_DIR: knowledgeDir ?? `${root}/knowledge`, INDEX_DIR: indexDir ?? `${root}/.aeo-index`, CACHE_DIR: `${root}/.aeo-cache`, LOG_LEVEL: 'silent',
  // Logged as a service logs them, into a fresh file (not the project's data/, which grows with every run).
  QUESTION_LOG_FILE: questionLog,
}), createLogger({ level: 'silent' }));
await s.refresh();
const qs = readFileSync(questionsFile, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question);
const hash = createHash('sha256');
for (const q of qs) {
  const a = await s.engine.answer(q);
  hash.update(JSON.stringify([a.answer, a.declined]));
}
const times: number[] = [];
const c0 = cpuUsage();
for (let pass = 0; pass < passes; pass++) {
  for (const q of qs) {
    const t = performance.now();
    await s.engine.answer(q);
    times.push(performance.now() - t);
  }
}
const c = cpuUsage(c0);
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
const result = {
  root, n: times.length, p50: at(0.5), p95: at(0.95), mean: times.reduce((a, b) => a + b, 0) / times.length,
  cpuMsPerAsk: (c.user + c.system) / 1000 / times.length, peakRssMb: await peakRssMb(process.pid), answers: hash.digest('hex'),
  chunks: s.engine.knowledgeBase?.chunkCount ?? 0,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
await s.close();
rmSync(questionLog, { force: true });
process.exit(0);
