import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FeedbackRecord {
  at: string;
  channel: string;
  userId: string;
  answerId: string;
  question: string;
  helpful: boolean;
  answerKind?: string;
  /** The user's own words, where the channel collects them (Teams' feedback dialog). */
  comment?: string;
}

/** Where helpful / not helpful clicks go; JSONL by default, another store (Redis) later. */
export interface FeedbackStore {
  record(f: FeedbackRecord): Promise<void>;
}

export class JsonlFeedbackStore implements FeedbackStore {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Appends are serialised so concurrent clicks never interleave within a line. */
  record(f: FeedbackRecord): Promise<void> {
    this.queue = this.queue.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      await appendFile(this.file, `${JSON.stringify(f)}\n`);
    });
    return this.queue;
  }
}
