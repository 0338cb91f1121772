import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmEnv, startFakeLlm, type FakeLlmServer } from '../helpers/fake-llm-servers.js';
import { GOOD, QUESTION } from '../helpers/fake-llm-answers.js';
import { eventEnvelope } from '../helpers/slack-requests.js';
import { dm, newUser, startSlackService, type SlackService } from '../helpers/slack-service.js';

/** The running service with Slack and a chat model: a signed DM ends in one message, posted then edited. */
let fake: FakeLlmServer;
let slack: SlackService;

beforeAll(async () => {
  fake = await startFakeLlm();
  slack = await startSlackService(llmEnv(fake, 'openai-compatible', { LLM_TIMEOUT_MS: '5000' }));
});
afterAll(async () => {
  await slack?.close();
  await fake?.stop();
});

describe('Slack with a chat model, end to end', () => {
  it('streams a DM answer into one message and finishes it with Block Kit', async () => {
    fake.script({ text: GOOD, chunkDelayMs: 80 });
    const m = dm(newUser(), QUESTION);
    expect((await slack.send(eventEnvelope(m))).status).toBe(200);
    const { api } = slack;
    await api.waitFor(() => api.of('chat.update').some((u) => Array.isArray(u.body.blocks)));
    const posts = api.of('chat.postMessage').filter((c) => c.body.channel === m.channel);
    expect(posts).toHaveLength(1);
    const final = api.of('chat.update').filter((u) => Array.isArray(u.body.blocks)).at(-1)!;
    expect(final.body.ts).toBeDefined();
    expect(String(final.body.text)).toMatch(/^Yes: international freight forwarders can apply/);
  });
});
