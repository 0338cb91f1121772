import { appendFile, mkdir, open } from 'node:fs/promises';
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

/** "Ask a customs expert" from a channel with no experts channel configured (the web chat): kept for follow-up. */
export interface ExpertRequestRecord {
  type: 'expert-request';
  at: string;
  channel: string;
  userId: string;
  answerId: string;
  question: string;
  answer: string;
  language: string;
  /** Where the expert may reply, when the asker gave it. */
  email?: string;
}

/** Where helpful / not helpful clicks (and unrouted expert requests) go; JSONL by default, or Redis. */
export interface FeedbackStore {
  record(f: FeedbackRecord | ExpertRequestRecord): Promise<void>;
}

export class JsonlFeedbackStore implements FeedbackStore {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Whether the file is known to end with a newline (checked on the first write and after a failed one). */
  private tailChecked = false;

  /**
   * Appends are serialised so concurrent clicks never interleave within a line. A failed write fails only its own
   * record (the queue goes on), and a torn last line (a crash mid-write) is ended before the next record.
   */
  record(f: FeedbackRecord | ExpertRequestRecord): Promise<void> {
    const write = this.queue.then(async () => {
      try {
        await mkdir(dirname(this.file), { recursive: true });
        const lead = this.tailChecked ? '' : await tornTail(this.file);
        await appendFile(this.file, `${lead}${JSON.stringify(f)}\n`);
        this.tailChecked = true;
      } catch (err) {
        this.tailChecked = false;
        throw err;
      }
    });
    this.queue = write.catch(() => undefined);
    return write;
  }
}

/** '\n' when the file's last line has no newline (a torn write), so the next record starts a line of its own. */
async function tornTail(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    if (!size) return '';
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a ? '' : '\n';
  } finally {
    await handle.close();
  }
}
