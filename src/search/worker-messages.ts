import type { Config } from '../config/schema.js';
import type { IngestLimits } from '../knowledge/ingest-limits.js';
import type { BuildProgress } from './build-progress.js';

/** Which embedder the worker builds: the same one the service loads the index with. */
export type EmbedderSpec =
  /** `vectors`: the service's own word vectors in shared memory (WordVectors.shared), used instead of loading them. */
  | { kind: 'local'; cacheDir: string; vectors?: SharedArrayBuffer }
  | { kind: 'remote'; config: Config };

export interface BuildRequest {
  indexDir: string;
  knowledgeDir: string;
  limits: IngestLimits;
  embedder: EmbedderSpec;
  /**
   * Trust a current build whose manifest matches the knowledge files without loading it (the service loads it next
   * and asks again without this when that load fails): a start on a fresh index does not load it twice.
   */
  trustFresh?: boolean;
  /** Set when started from the TypeScript sources: the module worker-boot.mjs imports. */
  entry?: string;
}

/** What the worker posts: log records for the service's logger and progress, then one result. */
export type WorkerMessage =
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; bindings: Record<string, unknown>; obj: object | string; msg?: string }
  | { type: 'progress'; progress: BuildProgress }
  | { type: 'done'; build: string }
  | { type: 'failed'; code: string; message: string };
