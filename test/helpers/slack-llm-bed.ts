import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { SlackDeps } from '../../src/channels/slack/deps.js';
import { LocalWorkQueue } from '../../src/core/work-queue.js';
import { FakeSlackApi } from './fake-slack-api.js';
import { llmEnv, startFakeLlm, type FakeLlmServer } from './fake-llm-servers.js';
import { fixtureServices } from './services.js';

type Services = Awaited<ReturnType<typeof fixtureServices>>;

export interface SlackLlmBed {
  fake: FakeLlmServer;
  slack: FakeSlackApi;
  s: Services;
  client: webApi.WebClient;
  /** The Slack handlers' dependencies around the fixture engine with a chat model (or another engine). */
  deps(engine?: SlackDeps['engine']): SlackDeps;
}

/**
 * For one test file: a fake chat model, a fake Slack Web API, the fixture services using that model and a Web API
 * client on the fake; both fakes' records cleared before each test, everything stopped after the file.
 */
export function slackLlmBed(): SlackLlmBed {
  const bed = {} as SlackLlmBed;
  beforeAll(async () => {
    bed.fake = await startFakeLlm();
    bed.slack = new FakeSlackApi();
    await bed.slack.start();
    bed.s = await fixtureServices(llmEnv(bed.fake, 'openai-compatible', { LLM_TIMEOUT_MS: '5000' }));
    await bed.s.refresh();
    bed.client = new webApi.WebClient('xoxb-test', { slackApiUrl: bed.slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await bed.s?.cleanup();
    await bed.slack?.stop();
    await bed.fake?.stop();
  });
  beforeEach(() => {
    bed.fake.reset();
    bed.slack.calls.length = 0;
    bed.slack.failures.clear();
  });
  bed.deps = (engine = bed.s.engine) => ({
    engine, messages: bed.s.messages, feedback: bed.s.state.feedback, dedupe: bed.s.state.dedupe(),
    rateLimiter: bed.s.state.rateLimiter({ limit: 1000, windowMs: 60_000 }), work: new LocalWorkQueue(2), logger: bed.s.logs,
  });
  return bed;
}
