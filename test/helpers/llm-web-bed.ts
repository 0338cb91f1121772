import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from './chromium.js';
import { llmEnv, startFakeLlm, type FakeLlmServer } from './fake-llm-servers.js';
import { startFixtureService, type RunningService } from './http-service.js';

export interface LlmWebBed { fake: FakeLlmServer; svc: RunningService; browser: Browser }

/** A fixture service answering through a fake model and a Chromium to open its chat in, set up once per test file. */
export function llmWebBed(timeoutMs: number): LlmWebBed {
  const bed = {} as LlmWebBed;
  beforeAll(async () => {
    bed.fake = await startFakeLlm();
    bed.svc = await startFixtureService({ env: llmEnv(bed.fake, 'openai-compatible', { LLM_TIMEOUT_MS: String(timeoutMs) }) });
    bed.browser = await launchChromium();
  });
  afterAll(async () => {
    await bed.browser?.close();
    await bed.svc?.close();
    await bed.fake?.stop();
  });
  beforeEach(() => bed.fake.reset());
  return bed;
}
