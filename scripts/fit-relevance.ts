/**
 * Fits the decision to answer (data/relevance-model.json): logistic regression over the retrieval answerer's
 * signals, on the question bank's TUNING folds only; the threshold is the one with the best balanced accuracy
 * there. Held-out folds are never read. Usage: npm run fit [-- --folds 0,1,2] [--dry-run]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logging/logger.js';
import { createServices, ROOT } from '../src/main.js';
import { inFolds, loadBank, parseFolds, TUNING_FOLDS } from '../src/eval/bank.js';
import { containsFact } from '../src/eval/run-eval.js';
import { chooseThreshold, FEATURES, fitLogistic, relevance, type Example, type RelevanceModel } from '../src/answering/relevance-model.js';

const args = process.argv.slice(2);
const foldsArg = args.indexOf('--folds') >= 0 ? args[args.indexOf('--folds') + 1] : undefined;
const folds = parseFolds(foldsArg ?? TUNING_FOLDS.join(','));
if (folds.some((f) => !(TUNING_FOLDS as readonly number[]).includes(f))) throw new Error('fit only on tuning folds');

const services = await createServices(loadConfig(), createLogger({ level: 'warn' }));
const kb = (await services.refresh(), services.engine.knowledgeBase);
if (!kb) throw new Error('no knowledge base');
const items = inFolds(await loadBank(join(ROOT, 'eval', 'bank')), folds);

const FIXED_INTENTS = new Set(['greeting', 'thanks', 'help', 'eligibility-check', 'request-to-act', 'prediction', 'advice', 'off-topic']);
const examples: Example[] = [];
/** Every routed question with whether it should be answered at all, for choosing the threshold. */
const decisions: { x: Example['x']; answerable: 0 | 1 }[] = [];
for (const item of items) {
  const q = await services.engine.prepare(item.question, {}, kb);
  // Only questions the router may send to retrieval teach its decision (small talk, requests to act, predictions
  // and advice get fixed replies before it).
  if (q.query && FIXED_INTENTS.has(q.query.intent)) continue;
  const { answer, features } = await services.retrieval.consider(q, { kb, messages: services.messages });
  if (!features) continue;
  // A passage answers when the answer it gives holds an expected fact; a question to decline has none. An
  // answerable question whose passage misses its facts says nothing clear about relevance: left out of the fit.
  const answers = !item.should_decline && item.expected_facts.some((f) => containsFact(answer.answer, f));
  decisions.push({ x: features, answerable: item.should_decline ? 0 : 1 });
  if (!item.should_decline && !answers) continue;
  examples.push({ x: features, y: answers ? 1 : 0 });
  if (args.includes('--dump')) console.error(JSON.stringify({ id: item.id, y: answers ? 1 : 0, q: item.question, x: features }));
}

const { weights, bias } = fitLogistic(examples);
const draft: RelevanceModel = { features: [...FEATURES], weights: weights.map((w) => round(w)), bias: round(bias), threshold: 0.5 };
const probs = examples.map((e) => relevance(draft, e.x));
const auc = areaUnderCurve(probs, examples.map((e) => e.y));
// The threshold serves the eval's trade-off: answer what the knowledge can answer, decline what it must.
const decisionProbs = decisions.map((d) => relevance(draft, d.x));
const { threshold, accuracy } = chooseThreshold(decisionProbs, decisions.map((d) => d.answerable));
const model: RelevanceModel = {
  ...draft,
  threshold,
  fitted: {
    script: 'scripts/fit-relevance.ts',
    folds,
    examples: examples.length,
    positives: examples.filter((e) => e.y === 1).length,
    decisions: decisions.length,
    trainingDecisionAccuracy: round(accuracy),
    trainingAuc: round(auc),
  },
};
console.log(JSON.stringify(model.fitted));
console.log(FEATURES.map((f, i) => `${f.padEnd(18)} ${model.weights[i]}`).join('\n'), `\nbias ${model.bias} threshold ${threshold}`);
if (!args.includes('--dry-run')) writeFileSync(join(ROOT, 'data', 'relevance-model.json'), `${JSON.stringify(model, null, 2)}\n`);
process.exit(0);

/** Probability that a random positive example scores above a random negative one. */
function areaUnderCurve(p: number[], y: (0 | 1)[]): number {
  const pos = p.filter((_, i) => y[i] === 1);
  const neg = p.filter((_, i) => y[i] === 0);
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a > b ? 1 : a === b ? 0.5 : 0;
  return wins / (pos.length * neg.length || 1);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
