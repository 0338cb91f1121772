import { mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FeedbackNote, QuestionLogStore, QuestionRecord } from './types.js';

type Line = ({ t: 'q' } & QuestionRecord) | ({ t: 'f'; answerId: string } & FeedbackNote);

/**
 * The log in one JSONL file: a line per answer and a line per rating. Writes are serialised (lines never
 * interleave); a torn last line (a crash mid-write) is skipped when read. The file stays open for appending
 * between writes (opening and closing it per answer was ~15% of an ask's CPU); prune and close() close it.
 */
export class FileQuestionLog implements QuestionLogStore {
  private queue: Promise<unknown> = Promise.resolve();
  /** Lines waiting for the next append: answers finishing together are written in one call (group commit). */
  private pending: { text: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private handle: FileHandle | undefined;

  constructor(private readonly file: string) {}

  append(r: QuestionRecord): Promise<void> {
    return this.write({ t: 'q', ...r });
  }

  feedback(answerId: string, note: FeedbackNote): Promise<void> {
    return this.write({ t: 'f', answerId, ...note });
  }

  async list(sinceMs: number): Promise<QuestionRecord[]> {
    const byId = new Map<string, QuestionRecord>();
    const notes: ({ answerId: string } & FeedbackNote)[] = [];
    for (const line of await this.lines()) {
      if (line.t === 'f') notes.push(line);
      else if (Date.parse(line.at) >= sinceMs) {
        const { t: _t, ...r } = line;
        byId.set(r.answerId, r);
      }
    }
    for (const { answerId, ...note } of notes) {
      const r = byId.get(answerId);
      if (r) r.feedback = note;
    }
    return [...byId.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  prune(beforeMs: number): Promise<void> {
    return this.serial(async () => {
      // Lines are appended in time order: when the first is recent enough there is nothing to prune, and the whole
      // log (tens of MB after weeks of questions) need not be read and parsed on every start.
      const first = await this.firstLine();
      if (first && Date.parse(first.at) >= beforeMs) return;
      const lines = await this.lines();
      const kept = lines.filter((l) => Date.parse(l.at) >= beforeMs);
      if (kept.length === lines.length) return;
      const ids = new Set(kept.filter((l) => l.t === 'q').map((l) => l.answerId));
      const body = kept.filter((l) => l.t === 'q' || ids.has(l.answerId)).map((l) => `${JSON.stringify(l)}\n`).join('');
      // The open handle would keep appending to the old file once renamed over: the next write reopens.
      await this.closeHandle();
      // Written aside and renamed over the log, so a crash mid-prune leaves the old log whole.
      await writeFile(`${this.file}.tmp`, body);
      await rename(`${this.file}.tmp`, this.file);
    });
  }

  /** Closes the file after the writes already queued (on shutdown); a later write opens it again. */
  close(): Promise<void> {
    return this.serial(() => this.closeHandle());
  }

  private async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }

  private write(line: Line): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ text: `${JSON.stringify(line)}\n`, resolve, reject });
      if (this.pending.length === 1) void this.serial(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    try {
      if (!this.handle) {
        await mkdir(dirname(this.file), { recursive: true });
        this.handle = await open(this.file, 'a');
      }
      await this.handle.appendFile(batch.map((b) => b.text).join(''));
      for (const b of batch) b.resolve();
    } catch (err) {
      // A failed write may have left the handle unusable: the next batch opens the file again.
      await this.closeHandle().catch(() => undefined);
      for (const b of batch) b.reject(err);
    }
  }

  private serial(run: () => Promise<void>): Promise<void> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The log's first line, read alone; undefined when there is none or it does not parse. */
  private async firstLine(): Promise<Line | undefined> {
    let h: FileHandle | undefined;
    try {
      h = await open(this.file, 'r');
      let text = '';
      const buf = Buffer.alloc(16_384);
      for (let at = 0; !text.includes('\n'); at += buf.length) {
        const { bytesRead } = await h.read(buf, 0, buf.length, at);
        if (!bytesRead) break;
        text += buf.toString('utf8', 0, bytesRead);
      }
      return JSON.parse(text.slice(0, text.indexOf('\n') >>> 0)) as Line;
    } catch {
      return undefined;
    } finally {
      await h?.close();
    }
  }

  private async lines(): Promise<Line[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: Line[] = [];
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      try {
        out.push(JSON.parse(raw) as Line);
      } catch {
        // A torn line from a crash mid-write holds no whole record: nothing to report but its absence.
      }
    }
    return out;
  }
}
