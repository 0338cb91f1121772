import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../helpers/fake-connector.js';
import { BIN, CACHE_DIR } from '../helpers/paths.js';
import { eventEnvelope } from '../helpers/slack-requests.js';
import { clickFeedback, dm, newUser, posts, startSlackService, type SlackService } from '../helpers/slack-service.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';
import { FileQuestionLog } from '../../src/question-log/file-question-log.js';
import { hashed } from '../../src/question-log/hashing.js';
import type { QuestionRecord } from '../../src/question-log/types.js';

/** The question log through every channel of one service (HTTP/web, Slack, Teams) and the CLI's own process. */
let slack: SlackService;
let connector: FakeConnector;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let logFile: string;

beforeAll(async () => {
  tmp = await tempDir();
  logFile = `${tmp.dir}/question-log.jsonl`;
  connector = new FakeConnector();
  await connector.start();
  slack = await startSlackService({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', QUESTION_LOG_FILE: logFile });
});
afterAll(async () => {
  await slack?.close();
  await connector?.stop();
  await tmp?.cleanup();
});

const records = () => new FileQuestionLog(logFile).list(0);
async function recordWhere(pred: (r: QuestionRecord) => boolean): Promise<QuestionRecord> {
  for (let i = 0; i < 100; i++) {
    const found = (await records()).find(pred);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no such question log record');
}
const json = (base: string, path: string, body: unknown) => fetch(`${base}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('question log: every channel writes it', () => {
  it('HTTP/web: the question, its derived fields and citations; feedback joined by the turn id', async () => {
    const base = slack.svc.base;
    const res = await json(base, '/api/ask', { question: 'Who grants AEO status in Peru?', conversationId: 'conv-web-1', answerId: 'turn-web-1' });
    expect(res.status).toBe(200);
    const r = await recordWhere((x) => x.answerId === 'turn-web-1');
    expect(r).toMatchObject({ channel: 'http', language: 'en', question: 'Who grants AEO status in Peru?', user: hashed('user', 'web:conv-web-1') });
    expect(r.cited.length).toBeGreaterThan(0);
    expect(JSON.stringify(r)).not.toContain('conv-web-1');
    await json(base, '/api/feedback', { answerId: 'turn-web-1', question: r.question, helpful: false, comment: 'Too vague', conversationId: 'conv-web-1' });
    await recordWhere((x) => x.answerId === 'turn-web-1' && x.feedback?.helpful === false && x.feedback.comment === 'Too vague');
  });

  it('HTTP: a declined question is logged as declined, and a bad answer id is refused', async () => {
    const base = slack.svc.base;
    await json(base, '/api/ask', { question: 'What is the weather on Mars tomorrow?', answerId: 'turn-web-2' });
    expect(await recordWhere((x) => x.answerId === 'turn-web-2')).toMatchObject({ declined: true, cited: [] });
    expect((await json(base, '/api/ask', { question: 'x?', answerId: 'a b <c>' })).status).toBe(400);
  });

  it('Slack: the user id hashed, the rating from the feedback buttons joined', async () => {
    const user = newUser();
    const m = dm(user, 'What is an MRA?');
    await slack.send(eventEnvelope(m));
    await slack.api.waitFor(() => posts(slack.api, m.channel).length === 1);
    const r = await recordWhere((x) => x.channel === 'slack' && x.user === hashed('user', user));
    expect(r).toMatchObject({ question: 'What is an MRA?', kind: 'curated', declined: false });
    expect(JSON.stringify(r)).not.toContain(user);
    const post = posts(slack.api, m.channel)[0]!;
    await slack.send(clickFeedback(slack.api, post, true, user), { contentType: 'application/x-www-form-urlencoded' });
    await recordWhere((x) => x.answerId === r.answerId && x.feedback?.helpful === true);
  });

  it('Teams: the AAD object id hashed, with the answer id the card carries', async () => {
    const res = await fetch(`${slack.svc.base}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id: `t-${Date.now()}`, channelId: 'msteams', serviceUrl: connector.url,
        from: { id: 'user-9', name: 'Trader', aadObjectId: 'aad-user-9' }, recipient: { id: 'bot-1', name: 'aeo-bot' },
        conversation: { id: 'conv-ql', conversationType: 'channel' }, text: 'Who grants AEO status?',
      }),
    });
    expect(res.status).toBeLessThan(300);
    await connector.waitFor((c) => c.some((x) => x.body.type === 'message'));
    const r = await recordWhere((x) => x.channel === 'teams');
    expect(r).toMatchObject({ question: 'Who grants AEO status?', user: hashed('user', 'aad-user-9') });
    expect(JSON.stringify(connector.messages()[0])).toContain(r.answerId);
  });
});

describe('question log: the CLI and LOG_REDACT_TEXT', () => {
  it('bin/aeo-bot ask logs with channel cli; with LOG_REDACT_TEXT only the hash and the derived fields', async () => {
    const dir = `${tmp.dir}/cli`;
    const knowledge = await copyFixtureKnowledge(dir);
    const cliLog = `${dir}/question-log.jsonl`;
    const env = { ...process.env, KNOWLEDGE_DIR: knowledge, INDEX_DIR: `${dir}/index`, CACHE_DIR, LOG_LEVEL: 'warn', QUESTION_LOG_FILE: cliLog };
    const run = promisify(execFile);
    await run(BIN, ['ask', 'What is an MRA?'], { env, cwd: dir });
    await run(BIN, ['ask', 'Can a freight forwarder become an AEO in Peru?'], { env: { ...env, LOG_REDACT_TEXT: 'true' }, cwd: dir });
    const [plain, redacted] = await new FileQuestionLog(cliLog).list(0);
    expect(plain).toMatchObject({ channel: 'cli', question: 'What is an MRA?', kind: 'curated' });
    expect(redacted).toMatchObject({ channel: 'cli', declined: false, language: 'en' });
    expect(redacted?.question).toBeUndefined();
    expect(redacted?.questionHash).toMatch(/^[0-9a-f]{16}$/);
    expect(redacted?.cited[0]?.source).toMatch(/pe-oea/);
    expect(JSON.stringify(redacted)).not.toMatch(/freight/i);
    // The report over that log, from the CLI: text, CSV, and the suggestions as a patch that writes nothing.
    await run(BIN, ['ask', 'What are the opening hours of the customs office in Lima?'], { env, cwd: dir });
    const text = (await run(BIN, ['report'], { env, cwd: dir })).stdout;
    expect(text).toMatch(/^Questions since \d{4}-\d\d-\d\d: 3, declined 1,/);
    expect(text).toContain('1. 1x "What are the opening hours of the customs office in Lima?" (en 1; cli 1)');
    expect(text).toMatch(/closest: \S+\.md > /);
    const csv = (await run(BIN, ['report', '--csv'], { env, cwd: dir })).stdout.trimEnd().split('\r\n');
    expect(csv).toHaveLength(4);
    const patch = (await run(BIN, ['report', '--patch'], { env, cwd: dir })).stdout;
    expect(patch).toMatch(/^\+- What are the opening hours of the customs office in Lima\?$/m);
    expect(patch).toMatch(/^\+\+\+ b\/knowledge\/\S+\.md/m);
  }, 180_000);
});
