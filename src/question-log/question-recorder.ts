import { randomUUID } from 'node:crypto';
import type { AnswerLog, AnsweredQuestion } from '../core/answer-log.js';
import type { Logger } from '../logging/logger.js';
import { hashed, questionHash } from './hashing.js';
import type { FeedbackNote, QuestionLogStore, QuestionRecord } from './types.js';

export interface RecorderOptions {
  /** LOG_REDACT_TEXT: keep a hash of the question and the derived fields only, no user text. */
  redactText: boolean;
  /** Records older than this are forgotten (QUESTION_LOG_RETENTION_DAYS). */
  retentionDays: number;
  now?: () => number;
}

/** Evaluation runs are no users' questions. */
const NOT_LOGGED = new Set(['eval']);
const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** Turns every answered question into a log record: user ids hashed, text kept unless redacted, old ones pruned. */
export class QuestionRecorder implements AnswerLog {
  private readonly log: Logger;
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(private readonly store: QuestionLogStore, private readonly opts: RecorderOptions, logger: Logger) {
    this.log = logger.child({ module: 'question-log' });
    this.now = opts.now ?? Date.now;
  }

  /** The oldest time still kept. */
  get since(): number {
    return this.now() - this.opts.retentionDays * DAY_MS;
  }

  async answered({ question, context, answer, ms }: AnsweredQuestion): Promise<void> {
    const channel = context.channel ?? 'api';
    if (NOT_LOGGED.has(channel)) return;
    const text = question.trim();
    const record: QuestionRecord = {
      at: new Date(this.now()).toISOString(),
      answerId: context.answerId ?? randomUUID(),
      channel,
      ...(context.userId ? { user: hashed('user', context.userId) } : {}),
      language: answer.language, kind: answer.kind, declined: answer.declined,
      confidence: Math.round(answer.confidence * 1000) / 1000,
      cited: answer.citations.map((c) => ({ source: c.source, ...(c.section ? { section: c.section } : {}) })),
      ...(this.opts.redactText ? {} : { question: text }),
      questionHash: questionHash(text),
      ms: Math.round(ms),
    };
    try {
      await this.store.append(record);
      await this.pruneNowAndThen();
    } catch (err) {
      this.log.warn({ err: (err as Error).message, answerId: record.answerId }, 'question not logged');
    }
  }

  /** A rating of an answer, joined to its record by answer id. */
  async rated(answerId: string, helpful: boolean, comment?: string): Promise<void> {
    const note: FeedbackNote = {
      at: new Date(this.now()).toISOString(), helpful, ...(comment && !this.opts.redactText ? { comment } : {}),
    };
    await this.store.feedback(answerId, note);
  }

  list(): Promise<QuestionRecord[]> {
    return this.store.list(this.since);
  }

  private async pruneNowAndThen(): Promise<void> {
    if (this.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = this.now();
    await this.store.prune(this.since);
  }
}
