import type { Config } from '../config/schema.js';
import type { IngestLimits } from '../knowledge/ingest-limits.js';

/** Which embedder the worker builds: the same one the service loads the index with. */
export type EmbedderSpec = { kind: 'local'; cacheDir: string } | { kind: 'remote'; config: Config };

export interface BuildRequest {
  indexDir: string;
  knowledgeDir: string;
  limits: IngestLimits;
  embedder: EmbedderSpec;
  /** Set when started from the TypeScript sources: the module worker-boot.mjs imports. */
  entry?: string;
}

/** What the worker posts: log records for the service's logger, then one result. */
export type WorkerMessage =
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; bindings: Record<string, unknown>; obj: object | string; msg?: string }
  | { type: 'done'; build: string }
  | { type: 'failed'; code: string; message: string };
