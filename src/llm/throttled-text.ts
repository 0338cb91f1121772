/**
 * Streamed text shown somewhere slow or rate-limited to update (a Slack message): the first words are shown at once,
 * then at most one update per interval with all the text so far, one update in flight at a time. `close` stops the
 * updates and waits for the one in flight, so a final form shown after it is never overwritten by a late partial one.
 */
export class ThrottledText {
  private text = '';
  private started = false;
  private shown = false;
  private closed = false;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    /** Shows the text so far; `first` is the first call (post the message), later calls edit it. */
    private readonly show: (text: string, first: boolean) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Adds streamed text (a callback: safe to pass around unbound). */
  readonly push = (delta: string): void => {
    if (this.closed || !delta) return;
    this.text += delta;
    if (!this.started) {
      this.started = true;
      this.enqueue(true);
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.closed) this.enqueue(false);
      }, Math.max(0, this.last + this.intervalMs - Date.now()));
    }
  };

  /** Stops the updates; true when the text was shown (so the final form should replace it there). */
  async close(): Promise<boolean> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    return this.shown;
  }

  private enqueue(first: boolean): void {
    this.chain = this.chain.then(async () => {
      // Nothing to edit when the first showing failed.
      if (!first && !this.shown) return;
      const snapshot = this.text;
      try {
        await this.show(snapshot, first);
        if (first) this.shown = true;
      } catch (err) {
        this.onError(err as Error);
      }
      this.last = Date.now();
    });
  }
}
