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
const items = inFolds(await loadBank(join(ROOT, 'eval', 'bank')), folds).filter((i) => !i.category?.startsWith('smalltalk') && i.category !== 'eligibility');

const examples: Example[] = [];
for (const item of items) {
  const q = await services.engine.prepare(item.question, {}, kb);
  const { answer, features } = await services.retrieval.consider(q, { kb, messages: services.messages });
  if (!features) continue;
  // A passage answers when the answer it gives holds an expected fact; a question to decline has none.
  const answers = !item.should_decline && item.expected_facts.some((f) => containsFact(answer.answer, f));
  examples.push({ x: features, y: answers ? 1 : 0 });
}

const { weights, bias } = fitLogistic(examples);
const draft: RelevanceModel = { features: [...FEATURES], weights: weights.map((w) => round(w)), bias: round(bias), threshold: 0.5 };
const probs = examples.map((e) => relevance(draft, e.x));
const { threshold, balancedAccuracy } = chooseThreshold(probs, examples.map((e) => e.y));
const accuracy = probs.filter((p, i) => (p >= threshold ? 1 : 0) === examples[i]?.y).length / (examples.length || 1);
const model: RelevanceModel = {
  ...draft,
  threshold,
  fitted: {
    script: 'scripts/fit-relevance.ts',
    folds,
    examples: examples.length,
    positives: examples.filter((e) => e.y === 1).length,
    trainingAccuracy: round(accuracy),
    trainingBalancedAccuracy: round(balancedAccuracy),
  },
};
console.log(JSON.stringify(model.fitted));
console.log(FEATURES.map((f, i) => `${f.padEnd(18)} ${model.weights[i]}`).join('\n'), `\nbias ${model.bias} threshold ${threshold}`);
if (!args.includes('--dry-run')) writeFileSync(join(ROOT, 'data', 'relevance-model.json'), `${JSON.stringify(model, null, 2)}\n`);
process.exit(0);

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
