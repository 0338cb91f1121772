import type { RequestHandler } from 'express';
import type { Services } from '../../main.js';
import { isExternalIndex } from '../../search/retriever.js';

/**
 * GET /readyz: 200 while answering (ready, or degraded: last good index, no shared state, extractive answers instead
 * of the model's), 503 while loading or stopping. It is public, so it says what is wrong by stable code and time
 * only: no folder paths, no upstream error text (those are in the logs).
 */
export function readinessRoute(services: Pick<Services, 'engine' | 'reindexer' | 'llmStatus' | 'state'>, stopping: () => boolean): RequestHandler {
  const { engine, reindexer } = services;
  return (_req, res) => {
    const kb = engine.knowledgeBase;
    const health = reindexer.health();
    const error = health.error ? { error: { code: health.error.code, at: health.error.at } } : {};
    const llm = services.llmStatus?.();
    const state = {
      ...(services.state.kind === 'redis' ? { state: { store: 'redis', up: services.state.up() } } : {}),
      ...(llm ? { llm: { provider: llm.provider, status: llm.status, ...(llm.lastFailure ? { lastFailure: llm.lastFailure } : {}) } } : {}),
    };
    if (stopping()) return void res.status(503).json({ status: 'stopping' });
    if (!kb) return void res.status(503).json({ status: health.error ? 'error' : 'loading', ...error, ...state });
    const degraded = !!health.error || (services.state.kind === 'redis' && !services.state.up()) || llm?.status === 'failing';
    // A database-held index says which one and how it ranks text (pg_textsearch found or not), not where it is.
    const index = isExternalIndex(kb.index) ? { index: { backend: kb.index.backend.kind, textSearch: kb.index.backend.textSearch, generation: kb.index.backend.generation } } : {};
    res.json({ status: degraded ? 'degraded' : 'ready', chunks: kb.chunkCount, builtAt: kb.index.manifest.builtAt, ...index, ...error, ...state });
  };
}
