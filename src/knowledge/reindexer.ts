import { asAppError, type AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { KnowledgeIndex } from '../search/retriever.js';

export interface ReindexOutcome {
  ok: boolean;
  reason: string;
  chunks?: number;
  files?: number;
  builtAt?: string;
  seconds: number;
  error?: { code: string; message: string };
}

/** One build or refresh as the admin page lists it: when, what it read, what it skipped and why. */
export interface BuildRecord {
  at: string;
  reason: string;
  ok: boolean;
  seconds: number;
  /** When the index in use was built (a refresh with no change keeps the earlier build). */
  builtAt?: string;
  files?: number;
  chunks?: number;
  skipped?: { file: string; reason: string }[];
  error?: { code: string; message: string };
}

/** Builds kept for the admin page, newest first. */
const HISTORY = 10;

export interface IndexHealth {
  /** The last build or refresh failed; the previous index (if any) is still answering. */
  error?: { code: string; message: string; at: string };
  lastOk?: string;
}

/**
 * Rebuilds the index (changed files only) and swaps it in, one build at a time: a request during a build gets the
 * result of the build that starts after it, so no change is missed and no two builds race. A failed build keeps the
 * previous index answering and is reported in readiness until a build succeeds.
 */
export class Reindexer {
  private running: Promise<ReindexOutcome> | undefined;
  private queued: Promise<ReindexOutcome> | undefined;
  private lastError: AppError | undefined;
  private lastErrorAt: string | undefined;
  private lastOk: string | undefined;
  private readonly builds: BuildRecord[] = [];
  private readonly log: Logger;

  constructor(private readonly refresh: () => Promise<KnowledgeIndex>, private readonly metrics: Metrics, logger: Logger) {
    this.log = logger.child({ module: 'reindexer' });
  }

  run(reason: string): Promise<ReindexOutcome> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start(reason);
    // A build is running: the files may have changed after it read them, so one more build follows it.
    this.queued = this.running.then(() => {
      this.queued = undefined;
      return this.start(reason);
    });
    return this.queued;
  }

  private start(reason: string): Promise<ReindexOutcome> {
    this.running = this.build(reason).finally(() => { this.running = undefined; });
    return this.running;
  }

  /** The last builds of this process, newest first. */
  history(): BuildRecord[] {
    return [...this.builds];
  }

  private remember(b: BuildRecord): void {
    this.builds.unshift(b);
    this.builds.length = Math.min(this.builds.length, HISTORY);
  }

  health(): IndexHealth {
    return {
      ...(this.lastError ? { error: { code: this.lastError.code, message: this.lastError.message, at: this.lastErrorAt ?? '' } } : {}),
      ...(this.lastOk ? { lastOk: this.lastOk } : {}),
    };
  }

  private async build(reason: string): Promise<ReindexOutcome> {
    const started = performance.now();
    try {
      const index = await this.refresh();
      const seconds = (performance.now() - started) / 1000;
      const files = Object.keys(index.manifest.files).length;
      this.lastError = undefined;
      this.lastOk = new Date().toISOString();
      this.metrics.indexBuilt({ chunks: index.manifest.chunkCount, files, seconds, ok: true });
      this.log.info({ reason, chunks: index.manifest.chunkCount, files, ms: Math.round(seconds * 1000) }, 'index ready');
      this.remember({
        at: this.lastOk, reason, ok: true, seconds, builtAt: index.manifest.builtAt, files, chunks: index.manifest.chunkCount,
        skipped: index.manifest.skipped.map(({ file, reason: why }) => ({ file, reason: why })),
      });
      return { ok: true, reason, chunks: index.manifest.chunkCount, files, builtAt: index.manifest.builtAt, seconds };
    } catch (err) {
      const e = asAppError(err);
      this.lastError = e;
      this.lastErrorAt = new Date().toISOString();
      const seconds = (performance.now() - started) / 1000;
      this.metrics.indexBuilt({ chunks: 0, files: 0, seconds, ok: false });
      this.log.error({ reason, code: e.code, err: e.message }, 'index build failed; the previous index keeps answering');
      this.remember({ at: this.lastErrorAt, reason, ok: false, seconds, error: { code: e.code, message: e.message } });
      return { ok: false, reason, seconds, error: { code: e.code, message: e.message } };
    }
  }
}
