import type { Logger } from '../logging/logger.js';
import type { ExpertRequestRecord, FeedbackRecord, FeedbackStore } from '../state/feedback-store.js';
import type { QuestionRecorder } from './question-recorder.js';

/** Feedback goes to its store as before, and its rating (and comment) joins the answer's question log record. */
export class LoggingFeedbackStore implements FeedbackStore {
  private readonly log: Logger;

  constructor(private readonly inner: FeedbackStore, private readonly recorder: QuestionRecorder, logger: Logger) {
    this.log = logger.child({ module: 'question-log' });
  }

  async record(f: FeedbackRecord | ExpertRequestRecord): Promise<void> {
    await this.inner.record(f);
    if ('type' in f) return;
    await this.recorder.rated(f.answerId, f.helpful, f.comment).catch((err: Error) => {
      this.log.warn({ err: err.message, answerId: f.answerId }, 'rating not joined to the question log');
    });
  }
}
