// Ask latency in one process: npx tsx bench/ask-latency.ts <checkout root> <questions.jsonl>. Run it for two checkouts
// (e.g. a worktree of an older commit) one after the other to compare them in the same run; medians and p95 after a warm-up.
import { readFileSync } from 'node:fs';
const [root, questionsFile] = process.argv.slice(2);
if (!root || !questionsFile) throw new Error('usage: npx tsx bench/ask-latency.ts <checkout root> <questions.jsonl>');
const { loadConfig } = await import(`${root}/src/config/load-config.ts`);
const { createLogger } = await import(`${root}/src/logging/logger.ts`);
const { createServices } = await import(`${root}/src/main.ts`);
const s = await createServices(loadConfig({ KNOWLEDGE_DIR: `${root}/knowledge`, INDEX_DIR: `${root}/.aeo-index`, CACHE_DIR: `${root}/.aeo-cache` }), createLogger({ level: 'error' }));
await s.refresh();
const qs = readFileSync(questionsFile, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question);
const times: number[] = [];
for (let pass = 0; pass < 4; pass++) {
  for (const q of qs) {
    const t = performance.now();
    await s.engine.answer(q);
    if (pass > 0) times.push(performance.now() - t);
  }
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
console.log(JSON.stringify({ root, n: times.length, p50: at(0.5), p95: at(0.95), mean: (times.reduce((a, b) => a + b, 0) / times.length).toFixed(2) }));
process.exit(0);
