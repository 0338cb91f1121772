import { Embeddings, type EmbeddingsInterface } from '@langchain/core/embeddings';
import { AppError } from '../errors.js';
import type { IdentifiedEmbeddings } from '../search/index-store.js';

/**
 * A provider's embeddings under a stable id ("openai:text-embedding-3-small") for the index manifest, so an index
 * built by another embedder is rebuilt. The vector size is learnt from one probe call before the index is loaded.
 */
export class NamedEmbeddings extends Embeddings implements IdentifiedEmbeddings {
  private size: number | undefined;
  private probing: Promise<number> | undefined;

  constructor(readonly id: string, private readonly inner: EmbeddingsInterface) {
    super({});
  }

  get dims(): number {
    if (this.size === undefined) throw new AppError('EMBEDDINGS_UNAVAILABLE', `Embeddings ${this.id} not probed yet.`);
    return this.size;
  }

  /** Embeds one word to learn the vector size; a failure (provider down, bad key) is retried on the next call. */
  probe(): Promise<number> {
    this.probing ??= this.inner.embedQuery('customs').then(
      (v) => {
        if (!v.length) throw new Error('the provider returned an empty vector');
        this.size = v.length;
        return v.length;
      },
    ).catch((err: unknown) => {
      this.probing = undefined;
      throw new AppError('EMBEDDINGS_UNAVAILABLE', `Embeddings ${this.id} unavailable: ${(err as Error).message}`, { embedder: this.id }, { cause: err });
    });
    return this.probing;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.inner.embedDocuments(texts)).map((v) => this.checked(v));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.checked(await this.inner.embedQuery(text));
  }

  private checked(v: number[]): number[] {
    if (v.length !== this.dims) throw new AppError('EMBEDDINGS_UNAVAILABLE', `Embeddings ${this.id} returned ${v.length} dimensions instead of ${this.dims}.`);
    return v;
  }
}
