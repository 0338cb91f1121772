import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { ExpertRequestRecord, FeedbackRecord, FeedbackStore } from '../feedback-store.js';

/** Feedback from every replica in one Redis list; a record Redis cannot take goes to the local file, never lost. */
export class RedisFeedbackStore implements FeedbackStore {
  private readonly log: Logger;

  constructor(private readonly redis: Redis, private readonly spill: FeedbackStore, logger: Logger) {
    this.log = logger.child({ store: 'feedback' });
  }

  async record(f: FeedbackRecord | ExpertRequestRecord): Promise<void> {
    try {
      await this.redis.rpush('feedback', JSON.stringify(f));
    } catch (err) {
      this.log.warn({ err: (err as Error).message, answerId: f.answerId }, 'Redis refused a feedback record; writing it to the local file');
      await this.spill.record(f);
    }
  }
}
