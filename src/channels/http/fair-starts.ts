/**
 * Starts admitted answers one per event-loop turn, the waiting client whose last answer started longest ago first.
 *
 * Answers run on the one thread and mostly to completion once started, so what decides how long a client waits is
 * which answers start before its own. Started straight away, a client with 32 connections had its requests served
 * one after another ahead of another client's single question; started here, a newcomer waits for at most the answer
 * running when it arrived. Between two starts the event loop reads the sockets that became ready, so a question
 * that arrives during a flood takes its turn at the next start.
 */
export class FairStarts {
  private readonly waiting = new Map<string, (() => void)[]>();
  /** When each recent client's last answer started (insertion order = oldest first, bounded). */
  private readonly lastStart = new Map<string, number>();
  private scheduled = false;

  constructor(private readonly maxRemembered = 10_000) {}

  /** Queues `start` for `client`; it runs in a later turn, in fair order. */
  enqueue(client: string, start: () => void): void {
    const queue = this.waiting.get(client);
    if (queue) queue.push(start);
    else this.waiting.set(client, [start]);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    let pick: string | undefined;
    let oldest = Infinity;
    // Clients waiting are bounded by the answers in flight the guard admits, so a scan is cheap.
    for (const client of this.waiting.keys()) {
      const last = this.lastStart.get(client) ?? -Infinity;
      if (last < oldest) {
        oldest = last;
        pick = client;
      }
    }
    if (pick === undefined) return;
    const queue = this.waiting.get(pick)!;
    const start = queue.shift()!;
    if (!queue.length) this.waiting.delete(pick);
    this.remember(pick);
    if (this.waiting.size) this.schedule();
    start();
  }

  private remember(client: string): void {
    this.lastStart.delete(client);
    this.lastStart.set(client, performance.now());
    if (this.lastStart.size > this.maxRemembered) {
      const first = this.lastStart.keys().next().value;
      if (first !== undefined) this.lastStart.delete(first);
    }
  }
}
