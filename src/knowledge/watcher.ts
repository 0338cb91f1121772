import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Logger } from '../logging/logger.js';

const DEBOUNCE_MS = 500;
/** How often the folder's existence is checked: a watch dies with its folder and must be set up again. */
const PRESENCE_MS = 2000;

/**
 * Rebuilds (changed files only) when the knowledge folder changes; bursts of events cause one rebuild. If the folder
 * vanishes, the rebuild reports it (readiness, logs) and the watch is set up again when the folder comes back.
 */
export class KnowledgeWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private presence: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private present = true;
  private readonly log: Logger;

  constructor(private readonly dir: string, private readonly rebuild: () => Promise<unknown>, logger: Logger, private readonly presenceMs = PRESENCE_MS) {
    this.log = logger.child({ module: 'knowledge-watcher' });
  }

  start(): void {
    this.watchFolder();
    this.presence = setInterval(() => void this.checkPresence(), this.presenceMs);
    this.presence.unref();
  }

  private watchFolder(): void {
    try {
      this.watcher = watch(this.dir, { recursive: true }, () => this.schedule());
      this.watcher.on('error', (err) => {
        this.log.error({ err: err.message }, 'knowledge folder watch failed');
        this.unwatch();
      });
    } catch (err) {
      this.log.error({ dir: this.dir, err: (err as Error).message }, 'cannot watch the knowledge folder; checking again shortly');
    }
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async checkPresence(): Promise<void> {
    const present = await stat(this.dir).then((s) => s.isDirectory(), () => false);
    if (present === this.present && (!present || this.watcher)) return;
    this.present = present;
    if (!present) {
      this.log.error({ dir: this.dir }, 'knowledge folder is gone; the last index keeps answering');
      this.unwatch();
    } else {
      this.log.info({ dir: this.dir }, 'knowledge folder is back; watching it again');
      this.unwatch();
      this.watchFolder();
    }
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(() => this.rebuild()).catch((err: Error) => this.log.error({ err: err.message }, 'reindex after change failed; keeping the previous index'));
    }, DEBOUNCE_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.presence);
    this.unwatch();
  }
}
