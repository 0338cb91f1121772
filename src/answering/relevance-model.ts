import { readFileSync } from 'node:fs';

/**
 * What the decision to answer looks at: signals of whether the chosen passage answers the question. Each is 0..1.
 * The list is the contract between the answerer (which computes them) and the fitted model (which weighs them).
 */
export const FEATURES = [
  'bestCoverage', // IDF-weighted share of the question's terms in the best sentence
  'coverage', // ... in the chosen sentences together
  'semantic', // word-vector similarity of question and best sentence
  'bm25', // the best passage's BM25 score, squashed
  'altQuestion', // overlap with the closest alternate question of the passages read
  'jurisdictionMatch', // the best passage is about the jurisdiction asked about
  'otherJurisdiction', // ... it is about another jurisdiction only
  'noJurisdiction', // the question names none
  'facetMatch', // the best passage's section is the facet asked for
  'typeAsked', // the question asks for a number or a date
  'typeMet', // ... and a chosen sentence gives one
  'unknownShare', // share of the question's weight on words the knowledge never uses
  'knownShare', // share of the question's content words the knowledge uses
  'notStated', // the best sentence says the sources do not state it
  'intentGeneral', // no intent or facet was recognised
  'missingRare', // weight of the rarest question word no chosen sentence covers, relative to the heaviest word
  'topTermsCovered', // share of the three heaviest question words the chosen sentences cover
] as const;

export type Feature = (typeof FEATURES)[number];
export type FeatureVector = Record<Feature, number>;

export interface RelevanceModel {
  features: Feature[];
  weights: number[];
  bias: number;
  /** Below this probability the bot declines. */
  threshold: number;
  /** How it was fitted: which folds, how many examples, its accuracy there. */
  fitted?: Record<string, unknown>;
}

export function loadRelevanceModel(file: string): RelevanceModel {
  const m = JSON.parse(readFileSync(file, 'utf8')) as RelevanceModel;
  if (!Array.isArray(m.features) || m.features.length !== m.weights.length || typeof m.threshold !== 'number') {
    throw new Error(`${file}: a relevance model needs features, weights of the same length, bias and threshold`);
  }
  const unknown = m.features.filter((f) => !(FEATURES as readonly string[]).includes(f));
  if (unknown.length) throw new Error(`${file}: unknown features ${unknown.join(', ')}`);
  return m;
}

/** The calibrated probability (logistic regression) that the chosen passage answers the question. */
export function relevance(model: RelevanceModel, x: FeatureVector): number {
  let z = model.bias;
  model.features.forEach((f, i) => (z += (model.weights[i] ?? 0) * (x[f] ?? 0)));
  return 1 / (1 + Math.exp(-z));
}

export interface Example { x: FeatureVector; y: 0 | 1 }

/** L2-regularised logistic regression by full-batch gradient descent: small data, no library needed. */
export function fitLogistic(examples: Example[], opts: { l2?: number; rate?: number; epochs?: number } = {}): { weights: number[]; bias: number } {
  const { l2 = 0.01, rate = 0.5, epochs = 4000 } = opts;
  const d = FEATURES.length;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const n = examples.length || 1;
  for (let e = 0; e < epochs; e++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (const { x, y } of examples) {
      let z = b;
      FEATURES.forEach((f, i) => (z += (w[i] ?? 0) * x[f]));
      const err = 1 / (1 + Math.exp(-z)) - y;
      FEATURES.forEach((f, i) => (gw[i] = (gw[i] ?? 0) + err * x[f]));
      gb += err;
    }
    FEATURES.forEach((_, i) => (w[i] = (w[i] ?? 0) - rate * ((gw[i] ?? 0) / n + l2 * (w[i] ?? 0))));
    b -= (rate * gb) / n;
  }
  return { weights: w, bias: b };
}

/**
 * The threshold with the most right decisions (answer the answerable, decline the rest); among equally good ones
 * the middle of the plateau, so a small shift in scores does not flip decisions.
 */
export function chooseThreshold(probs: number[], labels: (0 | 1)[]): { threshold: number; accuracy: number } {
  const grid = Array.from({ length: 91 }, (_, i) => 0.05 + i * 0.01);
  const right = grid.map((t) => probs.filter((p, i) => (p >= t ? 1 : 0) === labels[i]).length);
  const best = Math.max(...right);
  const plateau = grid.filter((_, i) => right[i] === best);
  const threshold = Math.round((plateau[Math.floor(plateau.length / 2)] ?? 0.5) * 100) / 100;
  return { threshold, accuracy: best / (probs.length || 1) };
}
