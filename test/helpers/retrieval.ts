import { join } from 'node:path';
import { loadRelevanceModel } from '../../src/answering/relevance-model.js';
import type { RetrievalOptions } from '../../src/answering/retrieval-responder.js';
import { loadChoiceData, SentenceChooser } from '../../src/answering/sentence-choice.js';
import { REPO } from './paths.js';

/** The retrieval responder's options as the service builds them, from the shipped data files. */
export function retrievalOptions(): RetrievalOptions {
  return {
    topK: 8,
    readChunks: 5,
    relevance: loadRelevanceModel(join(REPO, 'data', 'relevance-model.json')),
    chooser: new SentenceChooser(loadChoiceData(join(REPO, 'data', 'answering.json'))),
  };
}
