import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { IndexStore, LoadedIndex } from './index-store.js';
import type { BuildRequest, WorkerMessage } from './worker-messages.js';
import type { ProgressListener } from './build-progress.js';

/** Something that brings the index up to date and returns it loaded. */
export interface IndexBuilder {
  /** `onProgress` hears how far a build is (files read, chunks embedded). */
  ensure(onProgress?: ProgressListener): Promise<LoadedIndex>;
}

export interface WorkerBuildOptions {
  /** A build still running after this is stopped (the previous index keeps answering). */
  timeoutMs: number;
  /** Heap of the build worker: a build that needs more fails alone instead of the service. */
  memoryMb: number;
}

/**
 * Runs IndexStore.ensure in a worker thread, so ingestion, chunking, embedding and index building never hold up the
 * thread that answers; only loading the finished build happens here (in steps that yield). One worker per build:
 * a build that runs out of memory or time is terminated and reported as INDEX_BUILD_FAILED.
 */
export class WorkerIndexBuilder implements IndexBuilder {
  constructor(
    private readonly request: Omit<BuildRequest, 'entry'>,
    private readonly store: IndexStore,
    private readonly opts: WorkerBuildOptions,
    private readonly logger: Logger,
  ) {}

  async ensure(onProgress?: ProgressListener): Promise<LoadedIndex> {
    // A fresh build is named by its manifest alone (checked on this thread: reading the manifest and hashing the
    // knowledge files yields between files, and a worker only for that cost the start-up its module loading, at low
    // priority) and loaded here once; if that load finds it unusable, the worker checks it by loading it and
    // rebuilds, as before. A stale or missing build is built by the worker.
    const fresh = await this.store.freshBuild();
    const build = fresh ?? await this.runWorker(true, onProgress);
    try {
      return await this.store.load(build);
    } catch (err) {
      const code = (err as AppError).code;
      if (code !== 'INDEX_CORRUPT' && code !== 'INDEX_MISMATCH') throw err;
      return this.store.load(await this.runWorker(false, onProgress));
    }
  }

  private runWorker(trustFresh: boolean, onProgress?: ProgressListener): Promise<string> {
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './worker-boot.mjs' : './build-worker.mjs', import.meta.url);
    const data: BuildRequest = { ...this.request, trustFresh, ...(fromSource ? { entry: new URL('./build-worker.ts', import.meta.url).href } : {}) };
    const worker = new Worker(url, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb }, stdout: true, stderr: true });
    // pdf.js and friends may write to the console: keep it out of the service's output.
    worker.stdout.resume();
    worker.stderr.resume();
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const finish = (err: AppError | undefined, build?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        if (err) reject(err);
        else resolve(build ?? '');
      };
      const timer = setTimeout(() => finish(new AppError('INDEX_BUILD_FAILED',
        `Index build did not finish within ${this.opts.timeoutMs} ms (INDEX_BUILD_TIMEOUT_MS); it was stopped.`)), this.opts.timeoutMs);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'log') this.logger.child(m.bindings)[m.level](m.obj, m.msg);
        else if (m.type === 'progress') onProgress?.(m.progress);
        else if (m.type === 'done') finish(undefined, m.build);
        else finish(new AppError(m.code as AppError['code'], m.message));
      });
      worker.on('error', (err: Error & { code?: string }) => {
        const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(new AppError('INDEX_BUILD_FAILED', oom
          ? `Index build ran out of memory (INDEX_BUILD_MEMORY_MB=${this.opts.memoryMb}); it was stopped.`
          : `Index build failed: ${err.message}`));
      });
      worker.on('exit', (code) => finish(new AppError('INDEX_BUILD_FAILED', `Index build worker exited (${code}) without a result.`)));
    });
  }
}
