import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonlFeedbackStore, type FeedbackRecord } from '../../src/state/feedback-store.js';
import { tempDir } from '../helpers/tmp.js';

/** The JSONL feedback file after faults: a torn last line, a write that fails. */
let tmp: Awaited<ReturnType<typeof tempDir>>;
const rec = (answerId: string): FeedbackRecord => ({ at: '2026-12-02T00:00:00Z', channel: 'http', userId: 'u', answerId, question: 'q', helpful: true });
const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);

beforeEach(async () => { tmp = await tempDir(); });
afterEach(() => tmp.cleanup());

describe('JsonlFeedbackStore', () => {
  it('starts a new line after a torn last line instead of gluing the next record onto it', async () => {
    const file = join(tmp.dir, 'feedback.jsonl');
    await writeFile(file, `${JSON.stringify(rec('a1'))}\n{"at":"2026-12-02T00:00:00Z","chan`);
    const store = new JsonlFeedbackStore(file);
    await store.record(rec('a2'));
    await store.record(rec('a3'));
    const all = await lines(file);
    expect(all).toHaveLength(4);
    expect(JSON.parse(all[2]!).answerId).toBe('a2');
    expect(JSON.parse(all[3]!).answerId).toBe('a3');
  });

  it('recovers after a failed write: the failure is that record only, later writes succeed', async () => {
    // A file where the folder should be: the folder cannot be created (as for a folder it may not create, even as root).
    const parent = join(tmp.dir, 'blocked');
    await writeFile(parent, 'not a folder');
    const file = join(parent, 'feedback.jsonl');
    const store = new JsonlFeedbackStore(file);
    await expect(store.record(rec('b1'))).rejects.toThrow();
    await expect(store.record(rec('b2'))).rejects.toThrow();
    await rm(parent);
    await store.record(rec('b3'));
    await store.record(rec('b4'));
    expect((await lines(file)).map((l) => JSON.parse(l).answerId)).toEqual(['b3', 'b4']);
  });
});
