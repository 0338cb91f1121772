import { appendFile, readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/answer.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { FileQuestionLog } from '../../src/question-log/file-question-log.js';
import { hashed, questionHash } from '../../src/question-log/hashing.js';
import { LoggingFeedbackStore } from '../../src/question-log/logging-feedback-store.js';
import { QuestionRecorder } from '../../src/question-log/question-recorder.js';
import { RedisQuestionLog } from '../../src/question-log/redis-question-log.js';
import type { QuestionLogStore } from '../../src/question-log/types.js';
import type { FeedbackRecord, FeedbackStore } from '../../src/state/feedback-store.js';
import { redisClients } from '../helpers/redis-clients.js';
import { tempDir } from '../helpers/tmp.js';

const logs = memoryLogger();
// Connections are closed (and an own redis-server stopped) after the file by the helper.
const redis = redisClients(`qlog${process.pid}${Date.now()}:`, logs);
const DAY = 86_400_000;
const answer = (over: Partial<Answer> = {}): Answer => ({
  answer: 'Peru’s OEA is run by SUNAT [1].', citations: [{ n: 1, title: 'Peru', source: 'programmes/pe-oea.md', section: 'Agency' }],
  confidence: 0.81234, declined: false, kind: 'retrieval', followUps: [], language: 'en', ...over,
});
const feedback = (answerId: string, helpful: boolean, comment?: string): FeedbackRecord => ({
  at: new Date().toISOString(), channel: 'web', userId: 'web:c1', answerId, question: 'q', helpful, ...(comment ? { comment } : {}),
});

/** A recorder over `store` whose clock the test moves. */
function recorder(store: QuestionLogStore, redactText = false) {
  const clock = { now: Date.parse('2026-06-01T10:00:00Z') };
  return { clock, rec: new QuestionRecorder(store, { redactText, retentionDays: 30, now: () => clock.now }, logs) };
}

async function behavesAsALog(store: QuestionLogStore): Promise<void> {
  const { clock, rec } = recorder(store);
  await rec.answered({ question: ' Who runs OEA in Peru? ', context: { channel: 'slack', answerId: 'a1', userId: 'U123' }, answer: answer(), ms: 12.6 });
  const [r] = await rec.list();
  expect(r).toEqual({
    at: '2026-06-01T10:00:00.000Z', answerId: 'a1', channel: 'slack', user: hashed('user', 'U123'), language: 'en',
    kind: 'retrieval', declined: false, confidence: 0.812, cited: [{ source: 'programmes/pe-oea.md', section: 'Agency' }],
    question: 'Who runs OEA in Peru?', questionHash: questionHash('who runs oea in peru'), ms: 13,
  });
  await rec.rated('a1', false, 'Wrong agency');
  expect((await rec.list())[0]?.feedback).toMatchObject({ helpful: false, comment: 'Wrong agency' });
  // Retention: 31 days later the first record is pruned on the next write, the new one kept.
  clock.now += 31 * DAY;
  await rec.answered({ question: 'And in Chile?', context: { channel: 'http', answerId: 'a2' }, answer: answer({ declined: true, kind: 'decline', citations: [] }), ms: 5 });
  const after = await store.list(0);
  expect(after.map((x) => x.answerId)).toEqual(['a2']);
  expect(after[0]).toMatchObject({ declined: true, cited: [] });
  expect(after[0]?.user).toBeUndefined();
}

describe('question log', () => {
  it('file store: records, joins a rating by answer id, prunes by retention', async () => {
    const tmp = await tempDir();
    try {
      const file = `${tmp.dir}/log.jsonl`;
      await behavesAsALog(new FileQuestionLog(file));
      expect(await readFile(file, 'utf8')).not.toContain('a1');
    } finally {
      await tmp.cleanup();
    }
  });

  it('Redis store: the same behaviour, shared between two connections', async () => {
    const [r1, r2] = [await redis.client(), await redis.client()];
    const spill = new FileQuestionLog('/nonexistent/never-written.jsonl');
    await behavesAsALog(new RedisQuestionLog(r1, spill, logs));
    expect((await new RedisQuestionLog(r2, spill, logs).list(0)).map((x) => x.answerId)).toEqual(['a2']);
  });

  it('LOG_REDACT_TEXT: no question text and no comment, only the hash and the derived fields', async () => {
    const tmp = await tempDir();
    try {
      const file = `${tmp.dir}/log.jsonl`;
      const { rec } = recorder(new FileQuestionLog(file), true);
      await rec.answered({ question: 'Is ACME Ltd (VAT 12345) eligible?', context: { channel: 'teams', answerId: 'r1', userId: 'aad-9' }, answer: answer(), ms: 1 });
      await rec.rated('r1', false, 'my phone is 555-0100');
      const text = await readFile(file, 'utf8');
      for (const secret of ['ACME', '12345', '555-0100', 'aad-9']) expect(text).not.toContain(secret);
      const [r] = await rec.list();
      expect(r).toMatchObject({ questionHash: questionHash('Is ACME Ltd (VAT 12345) eligible?'), kind: 'retrieval', feedback: { helpful: false } });
      expect(r?.question).toBeUndefined();
    } finally {
      await tmp.cleanup();
    }
  });

  it('skips evaluation runs, and a torn last line of the file', async () => {
    const tmp = await tempDir();
    try {
      const file = `${tmp.dir}/log.jsonl`;
      const { rec } = recorder(new FileQuestionLog(file));
      await rec.answered({ question: 'q1', context: { channel: 'eval' }, answer: answer(), ms: 1 });
      await rec.answered({ question: 'q2', context: { channel: 'cli' }, answer: answer(), ms: 1 });
      await appendFile(file, '{"t":"q","at":"2026-06-01T1');
      expect((await rec.list()).map((r) => r.question)).toEqual(['q2']);
    } finally {
      await tmp.cleanup();
    }
  });

  it('feedback reaches its own store and the log; an expert request only its store', async () => {
    const stored: unknown[] = [];
    const inner: FeedbackStore = { record: async (f) => void stored.push(f) };
    const notes: string[] = [];
    const rec = { rated: async (id: string, helpful: boolean) => void notes.push(`${id}:${helpful}`) } as unknown as QuestionRecorder;
    const store = new LoggingFeedbackStore(inner, rec, logs);
    await store.record(feedback('x1', true));
    await store.record({ type: 'expert-request', at: '', channel: 'web', userId: 'u', answerId: 'x2', question: 'q', answer: 'a', language: 'en' });
    expect(stored).toHaveLength(2);
    expect(notes).toEqual(['x1:true']);
  });

  it('a store that fails never fails the answer: a warning names the answer', async () => {
    const broken: QuestionLogStore = {
      append: async () => { throw new Error('disk full'); }, feedback: async () => undefined, list: async () => [], prune: async () => undefined,
    };
    const { rec } = recorder(broken);
    await expect(rec.answered({ question: 'q', context: { answerId: 'z9' }, answer: answer(), ms: 1 })).resolves.toBeUndefined();
    expect(logs.records.some((r) => r.msg === 'question not logged' && r.answerId === 'z9')).toBe(true);
  });
});

describe('file question log under load', () => {
  it('200 answers finishing together (appended in batches): every line whole, none lost', async () => {
    const tmp = await tempDir();
    try {
      const file = `${tmp.dir}/log.jsonl`;
      const store = new FileQuestionLog(file);
      const { rec } = recorder(store);
      await Promise.all(Array.from({ length: 200 }, (_, i) => rec.answered({ question: `q${i}`, context: { answerId: `b${i}` }, answer: answer(), ms: 1 })));
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(200);
      expect(new Set(lines.map((l) => (JSON.parse(l) as { answerId: string }).answerId)).size).toBe(200);
    } finally {
      await tmp.cleanup();
    }
  });

  it('prune reads no further than the first line when it is recent enough (lines are appended in time order)', async () => {
    const tmp = await tempDir();
    try {
      const file = `${tmp.dir}/log.jsonl`;
      const store = new FileQuestionLog(file);
      const { clock, rec } = recorder(store);
      await rec.answered({ question: 'first', context: { answerId: 'f1' }, answer: answer(), ms: 1 });
      const recent = clock.now;
      // A line out of time order (a clock set back) behind a recent first line is not looked at.
      clock.now -= 40 * DAY;
      await rec.answered({ question: 'second', context: { answerId: 'f2' }, answer: answer(), ms: 1 });
      const inode = (await stat(file)).ino;
      await store.prune(recent - DAY);
      expect((await stat(file)).ino).toBe(inode);
      expect((await store.list(0)).map((r) => r.answerId)).toEqual(['f2', 'f1']);
      await store.prune(recent + DAY);
      expect((await stat(file)).ino).not.toBe(inode);
      expect(await store.list(0)).toEqual([]);
      await store.close();
    } finally {
      await tmp.cleanup();
    }
  });

  it('keeps the file open between writes: a write after a prune or close() lands in the file the log reads', async () => {
    const tmp = await tempDir();
    try {
      const file = `${tmp.dir}/log.jsonl`;
      const store = new FileQuestionLog(file);
      const { clock, rec } = recorder(store);
      await rec.answered({ question: 'old', context: { answerId: 'o1' }, answer: answer(), ms: 1 });
      clock.now += 31 * DAY;
      // Prunes (renames a new file over the log), then the next write must reopen, not append to the old inode.
      await rec.answered({ question: 'new', context: { answerId: 'n1' }, answer: answer(), ms: 1 });
      await rec.answered({ question: 'next', context: { answerId: 'n2' }, answer: answer(), ms: 1 });
      await store.close();
      await rec.answered({ question: 'after close', context: { answerId: 'n3' }, answer: answer(), ms: 1 });
      await store.close();
      const ids = (await readFile(file, 'utf8')).trimEnd().split('\n').map((l) => (JSON.parse(l) as { answerId: string }).answerId);
      expect(ids).toEqual(['n1', 'n2', 'n3']);
    } finally {
      await tmp.cleanup();
    }
  });
});
