import type { Metrics } from '../observability/metrics.js';
import type { FeedbackRecord, FeedbackStore } from './feedback-store.js';

/** Counts feedback in the metrics as it is stored, whatever the store. */
export class CountingFeedbackStore implements FeedbackStore {
  constructor(private readonly inner: FeedbackStore, private readonly metrics: Metrics) {}

  async record(f: FeedbackRecord): Promise<void> {
    await this.inner.record(f);
    this.metrics.feedback({ channel: f.channel, helpful: f.helpful });
  }
}
