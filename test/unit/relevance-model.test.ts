import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseThreshold, FEATURES, fitLogistic, loadRelevanceModel, relevance, type Example, type Feature, type FeatureVector, type RelevanceModel } from '../../src/answering/relevance-model.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const zero = (): FeatureVector => Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;
const vec = (set: Partial<FeatureVector>): FeatureVector => ({ ...zero(), ...set });

const model = (weights: Partial<Record<Feature, number>>, bias = 0, threshold = 0.5): RelevanceModel => ({
  features: Object.keys(weights) as Feature[],
  weights: Object.values(weights),
  bias,
  threshold,
});

describe('relevance', () => {
  it('is the logistic of bias plus weighted features', () => {
    const m = model({ coverage: 2, notStated: -1 }, -0.5);
    expect(relevance(m, vec({}))).toBeCloseTo(1 / (1 + Math.exp(0.5)), 10);
    expect(relevance(m, vec({ coverage: 1, notStated: 1 }))).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 10);
    expect(relevance(model({}, 0), vec({ coverage: 1 }))).toBe(0.5);
  });

  it('rises with a positively weighted feature and falls with a negatively weighted one', () => {
    const m = model({ coverage: 1.5, semantic: 0.3, notStated: -2 }, -0.4);
    const steps = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
    const up = steps.map((v) => relevance(m, vec({ coverage: v, semantic: 0.5 })));
    const down = steps.map((v) => relevance(m, vec({ notStated: v, coverage: 0.5 })));
    for (let i = 1; i < steps.length; i++) {
      expect(up[i]).toBeGreaterThan(up[i - 1] as number);
      expect(down[i]).toBeLessThan(down[i - 1] as number);
    }
  });

  it('stays within (0, 1)', () => {
    const m = model({ coverage: 50, notStated: -50 });
    expect(relevance(m, vec({ coverage: 1 }))).toBeLessThanOrEqual(1);
    expect(relevance(m, vec({ notStated: 1 }))).toBeGreaterThanOrEqual(0);
  });

  it('ignores features the model does not name', () => {
    const m = model({ coverage: 1 });
    expect(relevance(m, vec({ coverage: 0.5, bm25: 1, semantic: 1 }))).toBe(relevance(m, vec({ coverage: 0.5 })));
  });

  it('the shipped model rises with coverage and falls when the sentence says the sources do not state it', () => {
    const m = loadRelevanceModel(join(REPO, 'data', 'relevance-model.json'));
    const base = vec({ bestCoverage: 0.5, coverage: 0.5, semantic: 0.5, bm25: 0.5, jurisdictionMatch: 1, knownShare: 0.8, topTermsCovered: 0.6 });
    const w = (f: Feature) => m.weights[m.features.indexOf(f)] ?? 0;
    for (const f of m.features) {
      const lo = relevance(m, { ...base, [f]: 0 });
      const hi = relevance(m, { ...base, [f]: 1 });
      if (w(f) > 0) expect(hi).toBeGreaterThan(lo);
      else if (w(f) < 0) expect(hi).toBeLessThan(lo);
    }
  });
});

describe('fitLogistic', () => {
  /** Answerable when coverage is high and the sources do not say "not stated"; other features are noise. */
  function synthetic(n: number): Example[] {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    return Array.from({ length: n }, (_, i) => {
      const positive = i % 2 === 0;
      const x = vec({
        coverage: positive ? 0.6 + 0.4 * rand() : 0.4 * rand(),
        notStated: positive ? 0 : rand() < 0.5 ? 1 : 0,
        semantic: rand(),
        bm25: rand(),
      });
      return { x, y: positive ? 1 : 0 };
    });
  }

  const examples = synthetic(80);
  const fit = fitLogistic(examples, { epochs: 1500 });
  const fitted: RelevanceModel = { features: [...FEATURES], weights: fit.weights, bias: fit.bias, threshold: 0.5 };

  it('gives one weight per feature', () => {
    expect(fit.weights).toHaveLength(FEATURES.length);
    expect(fit.weights.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(fit.bias)).toBe(true);
  });

  it('separates a separable set', () => {
    const right = examples.filter(({ x, y }) => (relevance(fitted, x) >= 0.5 ? 1 : 0) === y).length;
    expect(right).toBe(examples.length);
  });

  it('weighs the separating feature up and the negative signal down', () => {
    const w = (f: Feature) => fit.weights[FEATURES.indexOf(f)] as number;
    expect(w('coverage')).toBeGreaterThan(1);
    expect(w('notStated')).toBeLessThan(0);
    expect(Math.abs(w('semantic'))).toBeLessThan(w('coverage'));
    // Features that are always zero get no weight.
    expect(w('altQuestion')).toBeCloseTo(0, 6);
  });

  it('learns nothing from no examples', () => {
    const none = fitLogistic([], { epochs: 10 });
    expect(none.weights.every((v) => v === 0)).toBe(true);
    expect(none.bias).toBe(0);
  });
});

describe('chooseThreshold', () => {
  it('picks the middle of the best plateau', () => {
    // Any threshold in (0.3, 0.7] is perfect: the grid's plateau is 0.31 .. 0.70, its middle 0.5 or 0.51.
    const { threshold, accuracy } = chooseThreshold([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [0, 0, 0, 1, 1, 1]);
    expect(accuracy).toBe(1);
    expect(threshold).toBeGreaterThanOrEqual(0.5);
    expect(threshold).toBeLessThanOrEqual(0.51);
  });

  it('moves with the plateau', () => {
    // Perfect for thresholds in (0.6, 0.8]: middle 0.7 or 0.71.
    const { threshold } = chooseThreshold([0.2, 0.6, 0.8, 0.95], [0, 0, 1, 1]);
    expect(threshold).toBeGreaterThanOrEqual(0.7);
    expect(threshold).toBeLessThanOrEqual(0.71);
  });

  it('takes the best accuracy even when no threshold is perfect', () => {
    // The 0.55 negative is wrong either way around the positives at 0.5 and 0.6; best is 4 of 5.
    const { threshold, accuracy } = chooseThreshold([0.1, 0.5, 0.55, 0.6, 0.9], [0, 1, 0, 1, 1]);
    expect(accuracy).toBeCloseTo(4 / 5, 10);
    const right = [0.1, 0.5, 0.55, 0.6, 0.9].filter((p, i) => (p >= threshold ? 1 : 0) === [0, 1, 0, 1, 1][i]).length;
    expect(right).toBe(4);
  });

  it('rounds to two decimals and stays in the grid', () => {
    const { threshold } = chooseThreshold([0.123, 0.877], [0, 1]);
    expect(Math.round(threshold * 100) / 100).toBe(threshold);
    expect(threshold).toBeGreaterThanOrEqual(0.05);
    expect(threshold).toBeLessThanOrEqual(0.95);
  });

  it('with no examples gives accuracy 0', () => {
    expect(chooseThreshold([], []).accuracy).toBe(0);
  });
});

describe('loadRelevanceModel', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir('aeo-relevance-');
  });
  afterAll(() => tmp?.cleanup());

  const write = async (name: string, content: unknown) => {
    const file = join(tmp.dir, name);
    await writeFile(file, JSON.stringify(content));
    return file;
  };

  it('loads a well-formed model', async () => {
    const file = await write('ok.json', { features: ['coverage', 'bm25'], weights: [1, 0.5], bias: -1, threshold: 0.6 });
    expect(loadRelevanceModel(file)).toEqual({ features: ['coverage', 'bm25'], weights: [1, 0.5], bias: -1, threshold: 0.6 });
  });

  it('rejects unknown features, naming them', async () => {
    const file = await write('unknown.json', { features: ['coverage', 'vibes'], weights: [1, 2], bias: 0, threshold: 0.5 });
    expect(() => loadRelevanceModel(file)).toThrow(/unknown features vibes/);
  });

  it('rejects weights of another length than the features', async () => {
    const file = await write('short.json', { features: ['coverage', 'bm25'], weights: [1], bias: 0, threshold: 0.5 });
    expect(() => loadRelevanceModel(file)).toThrow(/same length/);
    const long = await write('long.json', { features: ['coverage'], weights: [1, 2], bias: 0, threshold: 0.5 });
    expect(() => loadRelevanceModel(long)).toThrow(/same length/);
  });

  it('rejects a model without a threshold or features', async () => {
    expect(() => loadRelevanceModel(join(tmp.dir, 'missing.json'))).toThrow();
    const noThreshold = await write('nothreshold.json', { features: ['coverage'], weights: [1], bias: 0 });
    expect(() => loadRelevanceModel(noThreshold)).toThrow(/threshold/);
    const noFeatures = await write('nofeatures.json', { weights: [1], bias: 0, threshold: 0.5 });
    expect(() => loadRelevanceModel(noFeatures)).toThrow(/features/);
  });

  it('loads the shipped data/relevance-model.json, which names only known features', () => {
    const m = loadRelevanceModel(join(REPO, 'data', 'relevance-model.json'));
    expect(m.features.length).toBeGreaterThan(0);
    expect(m.features.filter((f) => !(FEATURES as readonly string[]).includes(f))).toEqual([]);
    expect(new Set(m.features).size).toBe(m.features.length);
    expect(m.weights).toHaveLength(m.features.length);
    expect(m.weights.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(m.bias)).toBe(true);
    expect(m.threshold).toBeGreaterThan(0);
    expect(m.threshold).toBeLessThan(1);
  });
});
