import type { SentenceEmbedder } from '../answering/evidence.js';
import type { Logger } from '../logging/logger.js';
import { redactSecrets } from '../observability/redact.js';
import { embeddingText } from '../search/index-store.js';
import { isExternalIndex, type KnowledgeIndex } from '../search/retriever.js';
import type { QueryEmbedder } from '../search/hybrid-retriever.js';

export type KnowledgeEmbedder = SentenceEmbedder & QueryEmbedder;

/**
 * What a KnowledgeBase embeds with when passages were embedded by a remote model: questions go to that model (the
 * space of the HNSW index); sentence scoring at answer time stays on the local word vectors (synchronous, free).
 *
 * KnowledgeBase centres sentence vectors on the index's centre. So each local vector is centred on the local mean
 * of the passages, padded to the index's size and shifted by the index's centre: its centring then gives back the
 * centred local vector, and sentence similarities are exactly those of the offline answerer.
 * A failed question embedding is logged and answered from BM25 alone (a zero vector finds no neighbours).
 */
export function remoteRetrievalEmbedder(remote: QueryEmbedder, local: SentenceEmbedder, index: KnowledgeIndex, logger: Logger): KnowledgeEmbedder {
  const log = logger.child({ module: 'remote-embeddings' });
  const dims = index.vectors.center.length;
  // A database index's replica holds only some chunks: the indexer recorded the mean over all of them.
  const external = isExternalIndex(index);
  if (external && !index.sentenceCentre) {
    log.warn('the database index has no sentence vector mean (indexed before migration 004): run "bin/aeo-bot index"; ' +
      'sentences are scored on the mean of the chunks this replica holds until then');
  }
  const localMean = external && index.sentenceCentre ? index.sentenceCentre : meanOf(index.chunks.map((c) => local.embed(embeddingText(c))));
  if (localMean.length > dims) throw new Error(`the index has ${dims} dimensions, fewer than the local word vectors' ${localMean.length}`);
  const shift = index.vectors.center;
  return {
    embedQuery: async (text) => {
      try {
        return await remote.embedQuery(text);
      } catch (err) {
        log.warn({ err: redactSecrets((err as Error).message) }, 'question embedding failed; searching with BM25 only');
        return new Array<number>(dims).fill(0);
      }
    },
    embed: (text) => {
      const v = local.embed(text);
      const out = new Float32Array(dims);
      if (!v.some((x) => x !== 0)) return out;
      for (let d = 0; d < dims; d++) out[d] = (d < v.length ? (v[d] ?? 0) - (localMean[d] ?? 0) : 0) + (shift[d] ?? 0);
      return out;
    },
    wordRow: (w) => local.wordRow(w),
    wordSimilarity: (a, b) => local.wordSimilarity(a, b),
  };
}

/** Mean of the non-zero vectors (a passage with no known word has none). */
function meanOf(vectors: Float32Array[]): number[] {
  const used = vectors.filter((v) => v.some((x) => x !== 0));
  const m = new Array<number>(used[0]?.length ?? 0).fill(0);
  for (const v of used) for (let d = 0; d < m.length; d++) m[d] = (m[d] ?? 0) + (v[d] ?? 0) / used.length;
  return m;
}
