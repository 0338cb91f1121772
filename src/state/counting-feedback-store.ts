import type { Metrics } from '../observability/metrics.js';
import type { ExpertRequestRecord, FeedbackRecord, FeedbackStore } from './feedback-store.js';

/** Counts feedback in the metrics as it is stored, whatever the store. */
export class CountingFeedbackStore implements FeedbackStore {
  constructor(private readonly inner: FeedbackStore, private readonly metrics: Metrics) {}

  async record(f: FeedbackRecord | ExpertRequestRecord): Promise<void> {
    await this.inner.record(f);
    // An expert request is no rating: it is stored, not counted as helpful or not.
    if (!('type' in f)) this.metrics.feedback({ channel: f.channel, helpful: f.helpful });
  }
}
