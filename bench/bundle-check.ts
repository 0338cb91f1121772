/**
 * Checks that two builds of the service behave alike: each is started on the same built index with Slack on (a local
 * fake Slack Web API) and Teams on (unauthenticated, local), answers every question over HTTP, and gets signed Slack
 * messages, whose replies must reach the fake. Usage: tsx bench/bundle-check.ts <entryA> <entryB> <indexDir>
 * <knowledgeDir> <questions.jsonl>. Prints one JSON line: whether every answer was byte-identical, and counts.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from './lib/child.js';
import { FakeSlack, signedDm } from './lib/fake-slack.js';

const SECRET = 'bundle-check-secret';
const [a, b, indexDir, knowledgeDir, questionsFile] = process.argv.slice(2);
if (!a || !b || !indexDir || !knowledgeDir || !questionsFile) throw new Error('usage: bundle-check <entryA> <entryB> <indexDir> <knowledgeDir> <questions.jsonl>');
const questions = (await readFile(questionsFile, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question);
const logDir = await mkdtemp(join(tmpdir(), 'aeo-bundle-check-'));

async function answers(entry: string, name: string): Promise<{ bodies: string[]; slackReplies: number; readyMs: number }> {
  const fake = new FakeSlack();
  await fake.start();
  const svc = await startService({
    entry, logDir, name,
    env: { INDEX_DIR: indexDir!, KNOWLEDGE_DIR: knowledgeDir!, FEEDBACK_FILE: join(logDir, `${name}.jsonl`), SLACK_BOT_TOKEN: 'xoxb-check', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, TEAMS_ALLOW_UNAUTHENTICATED: 'true', ASK_RATE_LIMIT_PER_MINUTE: '100000', HTTP_MAX_ANSWERS_PER_CLIENT: '1000' },
  });
  try {
    await fake.waitFor('auth.test', 1, 30_000);
    const bodies: string[] = [];
    for (const question of questions) {
      const res = await fetch(`${svc.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
      const json = (await res.json()) as Record<string, unknown>;
      delete json.requestId;
      delete json.ms;
      bodies.push(`${res.status} ${JSON.stringify(json)}`);
    }
    for (const q of questions.slice(0, 5)) {
      const m = signedDm(SECRET, q);
      const res = await fetch(`${svc.base}/slack/events`, { method: 'POST', headers: m.headers, body: m.body });
      if (res.status !== 200) throw new Error(`${name}: Slack event answered ${res.status}`);
    }
    await fake.waitFor('chat.postMessage', 5, 30_000);
    return { bodies, slackReplies: fake.count('chat.postMessage'), readyMs: svc.readyMs };
  } finally {
    await svc.stop();
    await fake.stop();
  }
}

const x = await answers(a, 'a');
const y = await answers(b, 'b');
const differ = x.bodies.map((v, i) => (v === y.bodies[i] ? -1 : i)).filter((i) => i >= 0);
process.stdout.write(`${JSON.stringify({ questions: questions.length, identical: differ.length === 0, differ: differ.slice(0, 3).map((i) => [x.bodies[i]?.slice(0, 300), y.bodies[i]?.slice(0, 300)]), slackReplies: [x.slackReplies, y.slackReplies], readyMs: [x.readyMs, y.readyMs] })}\n`);
