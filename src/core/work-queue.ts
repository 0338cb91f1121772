/** Runs jobs a few at a time. */
export interface WorkQueue {
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Jobs running or waiting. */
  readonly size: number;
  /** Resolves when no job is running or waiting. */
  idle(): Promise<void>;
}

/**
 * A small in-process limiter. Each job starts from its own macrotask (setImmediate, one per event-loop turn),
 * after pending I/O callbacks, so a burst of incoming requests is acknowledged before the answers they asked for
 * are worked on.
 */
export class LocalWorkQueue implements WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private idlers: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  get size(): number {
    return this.running + this.waiting.length;
  }

  idle(): Promise<void> {
    return this.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idlers.push(resolve));
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
    try {
      return await job();
    } finally {
      this.running -= 1;
      this.pump();
      if (this.size === 0) for (const resolve of this.idlers.splice(0)) resolve();
    }
  }

  private starting = false;

  /**
   * One job started per macrotask: an answer is mostly one synchronous stretch once started, and jobs started from
   * one check phase ran back to back with no I/O polled between them (4 answers held acks for their sum).
   */
  private pump(): void {
    if (this.starting || this.running >= this.concurrency || !this.waiting.length) return;
    this.starting = true;
    setImmediate(() => {
      this.starting = false;
      if (this.running < this.concurrency && this.waiting.length) {
        this.running += 1;
        this.waiting.shift()!();
      }
      this.pump();
    });
  }
}
