import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import type { FeedbackNote, QuestionLogStore, QuestionRecord } from './types.js';

const INDEX = 'qlog:by-time';
const RECORDS = 'qlog:records';
const NOTES = 'qlog:feedback';

/**
 * The log of every replica in Redis: records by answer id in a hash, ordered by time in a sorted set, ratings in a
 * hash by answer id. A write Redis refuses goes to the local file instead, never lost.
 */
export class RedisQuestionLog implements QuestionLogStore {
  private readonly log: Logger;

  constructor(private readonly redis: Redis, private readonly spill: QuestionLogStore, logger: Logger) {
    this.log = logger.child({ store: 'question-log' });
  }

  async append(r: QuestionRecord): Promise<void> {
    try {
      await this.redis.multi().hset(RECORDS, r.answerId, JSON.stringify(r)).zadd(INDEX, Date.parse(r.at), r.answerId).exec();
    } catch (err) {
      this.log.warn({ err: (err as Error).message, answerId: r.answerId }, 'Redis refused a question log record; writing it to the local file');
      await this.spill.append(r);
    }
  }

  async feedback(answerId: string, note: FeedbackNote): Promise<void> {
    try {
      await this.redis.hset(NOTES, answerId, JSON.stringify(note));
    } catch (err) {
      this.log.warn({ err: (err as Error).message, answerId }, 'Redis refused a rating for the question log; writing it to the local file');
      await this.spill.feedback(answerId, note);
    }
  }

  async list(sinceMs: number): Promise<QuestionRecord[]> {
    const ids = await this.redis.zrangebyscore(INDEX, sinceMs, '+inf');
    if (!ids.length) return [];
    const [records, notes] = await Promise.all([this.redis.hmget(RECORDS, ...ids), this.redis.hmget(NOTES, ...ids)]);
    const out: QuestionRecord[] = [];
    ids.forEach((_id, i) => {
      const raw = records[i];
      if (!raw) return;
      const r = JSON.parse(raw) as QuestionRecord;
      const note = notes[i];
      out.push(note ? { ...r, feedback: JSON.parse(note) as FeedbackNote } : r);
    });
    return out;
  }

  async prune(beforeMs: number): Promise<void> {
    const old = await this.redis.zrangebyscore(INDEX, '-inf', `(${beforeMs}`);
    if (!old.length) return;
    await this.redis.multi().hdel(RECORDS, ...old).hdel(NOTES, ...old).zrem(INDEX, ...old).exec();
  }
}
