import { loadWinkVectors } from '../../src/embeddings/word-vectors.js';
import { silentLogger } from '../../src/logging/logger.js';
import { CACHE_DIR } from './paths.js';

/** Converts the word vectors once before the workers start, so no two workers convert at the same time. */
export default async function setup(): Promise<void> {
  await loadWinkVectors(CACHE_DIR, silentLogger());
}
