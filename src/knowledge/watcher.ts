import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../logging/logger.js';

const DEBOUNCE_MS = 500;

/** Rebuilds (changed files only) when the knowledge folder changes; bursts of events cause one rebuild. */
export class KnowledgeWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly dir: string, private readonly rebuild: () => Promise<unknown>, logger: Logger) {
    this.log = logger.child({ module: 'knowledge-watcher' });
  }

  start(): void {
    this.watcher = watch(this.dir, { recursive: true }, () => this.schedule());
    this.watcher.on('error', (err) => this.log.error({ err: err.message }, 'knowledge folder watch failed'));
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(() => this.rebuild()).catch((err: Error) => this.log.error({ err: err.message }, 'reindex after change failed; keeping the previous index'));
    }, DEBOUNCE_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
