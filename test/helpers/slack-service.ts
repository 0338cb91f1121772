import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { BOT, FakeSlackApi, type SlackCall } from './fake-slack-api.js';
import { startFixtureService, type RunningService } from './http-service.js';
import { actionForm, eventEnvelope, nextTs, sendSlack, type SendOptions } from './slack-requests.js';
import { tempDir } from './tmp.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const EXPERTS_CHANNEL = 'CEXPERTS';
/** Questions per user per minute in these tests (the service default is 20). */
export const RATE_LIMIT = 8;

export interface SlackService {
  svc: RunningService;
  api: FakeSlackApi;
  feedbackFile: string;
  /** A signed POST to /slack/events. */
  send(body: string, o?: SendOptions): Promise<Response>;
  /** Sends a DM from a fresh user and waits for its answer: everything sent before it has been processed. */
  marker(): Promise<void>;
  close(): Promise<void>;
}

/** The fixture service with the Slack channel on (through main.ts's wiring), talking to a fake Slack Web API. */
export async function startSlackService(extraEnv: Record<string, string> = {}): Promise<SlackService> {
  const tmp = await tempDir();
  const feedbackFile = `${tmp.dir}/feedback.jsonl`;
  const api = new FakeSlackApi();
  await api.start();
  const svc = await startFixtureService({
    channels: true,
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, SLACK_EXPERTS_CHANNEL: EXPERTS_CHANNEL, FEEDBACK_FILE: feedbackFile, SLACK_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), ...extraEnv },
  });
  const send = (body: string, o: SendOptions = {}) => sendSlack(svc.base, SIGNING_SECRET, body, o);
  return {
    svc, api, feedbackFile, send,
    async marker() {
      const m = dm(newUser(), 'What is an MRA?');
      await send(eventEnvelope(m));
      await api.waitFor(() => posts(api, m.channel).length === 1);
    },
    async close() {
      await svc.close();
      await api.stop();
      await tmp.cleanup();
    },
  };
}

/**
 * One Slack service for a test file: started before its tests and closed after them; before each test the recorded
 * calls, the fake's refusals and any spies are reset. The returned object reads the running service.
 */
export function useSlackService(extraEnv: Record<string, string> = {}): SlackService {
  let current: SlackService | undefined;
  const get = () => {
    if (!current) throw new Error('the Slack service is not started yet');
    return current;
  };
  beforeAll(async () => {
    current = await startSlackService(extraEnv);
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    vi.restoreAllMocks();
    get().api.calls.length = 0;
    get().api.rejectBlocks = false;
    get().api.failures.clear();
  });
  return {
    get svc() { return get().svc; },
    get api() { return get().api; },
    get feedbackFile() { return get().feedbackFile; },
    send: (body, o) => get().send(body, o),
    marker: () => get().marker(),
    close: () => get().close(),
  };
}

let userSeq = 0;
/** A fresh user per test, so the per-user rate limit of one test never touches another. */
export const newUser = () => `U${++userSeq}TEST`;

export const mention = (user: string, channel: string, text: string, extra: Record<string, unknown> = {}) =>
  ({ type: 'app_mention', user, channel, text, ts: nextTs(), ...extra });

export const dm = (user: string, text: string, extra: Record<string, unknown> = {}) =>
  ({ type: 'message', channel_type: 'im', channel: `D${user}`, user, text, ts: nextTs(), ...extra });

export const posts = (api: FakeSlackApi, channel?: string) => api.of('chat.postMessage').filter((c) => !channel || c.body.channel === channel);

export const blocksOf = (c: SlackCall | undefined) => (c?.body.blocks ?? []) as Record<string, unknown>[];

/** The buttons of a posted message, each with its block id. */
export const buttons = (c: SlackCall | undefined) => blocksOf(c).filter((b) => b.type === 'actions')
  .flatMap((b) => (b.elements as Record<string, unknown>[]).map((e): Record<string, unknown> => ({ ...e, block_id: b.block_id })));

export const buttonText = (b: Record<string, unknown>) => (b.text as { text: string }).text;

/** Slack's native feedback buttons element of a posted message, with its block id. */
export const feedbackButtons = (c: SlackCall | undefined) => blocksOf(c).filter((b) => b.type === 'context_actions')
  .flatMap((b) => (b.elements as Record<string, unknown>[]).map((e): Record<string, unknown> => ({ ...e, block_id: b.block_id })))
  .find((e) => e.type === 'feedback_buttons');

/** A block_actions click on a button of a message the fake API recorded as posted. */
export function click(api: FakeSlackApi, post: SlackCall, button: Record<string, unknown>, user: string): string {
  return clickAction(api, post, { type: 'button', action_id: button.action_id, block_id: button.block_id, value: button.value, text: button.text }, user);
}

/** A click on one side of a native feedback buttons element, as Slack sends it (the clicked side's value). */
export function clickFeedback(api: FakeSlackApi, post: SlackCall, helpful: boolean, user: string): string {
  const el = feedbackButtons(post);
  if (!el) throw new Error('the message has no feedback buttons');
  const side = (helpful ? el.positive_button : el.negative_button) as { value: string; text: unknown };
  return clickAction(api, post, { type: 'feedback_buttons', action_id: el.action_id, block_id: el.block_id, value: side.value, text: side.text }, user);
}

function clickAction(api: FakeSlackApi, post: SlackCall, action: Record<string, unknown>, user: string): string {
  const channel = String(post.body.channel);
  const ts = '1800000999.000100';
  const message = { type: 'message', ts, text: post.body.text, blocks: post.body.blocks, user: BOT.userId, bot_id: BOT.botId, ...(post.body.thread_ts ? { thread_ts: post.body.thread_ts } : {}) };
  return actionForm({
    user: { id: user, username: 'trader', team_id: BOT.team }, channel: { id: channel, name: 'c' },
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false }, message, response_url: api.responseUrl(`click-${user}`),
    actions: [{ ...action, action_ts: '1' }],
  });
}
