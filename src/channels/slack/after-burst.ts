/**
 * Holds jobs while requests keep arriving and runs them together once a burst has passed: no new job for `quietMs`,
 * or `maxWaitMs` after the first one waiting. Acknowledging a burst of Slack events then never waits behind the
 * processing of its first events (Bolt's middleware, then answers holding the event loop). On a loaded machine the
 * events of one burst arrive with gaps over 10 ms: 30 ms keeps such a burst whole (ack p99 at 100 concurrent events
 * 61-164 -> 46-60 ms, loaded machine, a few runs each); a Slack answer, seconds long, starts at most 0.3 s later.
 */
export class AfterBurst {
  private jobs: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private firstAt = 0;

  constructor(private readonly quietMs = 30, private readonly maxWaitMs = 300) {}

  push(job: () => void): void {
    const now = performance.now();
    if (!this.jobs.length) this.firstAt = now;
    this.jobs.push(job);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - now)));
  }

  /** Jobs waiting for the burst to end or for their turn after it. */
  get waiting(): number {
    return this.jobs.length + this.draining;
  }

  private draining = 0;

  private flush(): void {
    this.timer = undefined;
    const jobs = this.jobs.splice(0);
    this.draining += jobs.length;
    this.next(jobs);
  }

  /**
   * One job per macrotask, in order: an event's trip through Bolt is a chain of promises that runs to its end once
   * started, and a whole burst of them started at once held the event loop (100 events: Bolt's middleware and the
   * garbage collection it caused, 0.2-0.4 s on a loaded machine) while later acks waited; between jobs they are read.
   */
  private next(jobs: (() => void)[]): void {
    const job = jobs.shift();
    if (!job) return;
    this.draining -= 1;
    job();
    if (jobs.length) setImmediate(() => this.next(jobs));
  }
}
