import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../../src/channels/slack/command-handler.js';
import { SLACK_EVENTS_PATH } from '../../src/channels/slack/slack-channel.js';
import { REPO } from '../helpers/paths.js';

/** The bot scopes each Web API method the channel calls needs (Slack's method reference). */
const SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.getPermalink': [],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'views.publish': [],
  // include_locale: the App Home, welcome and channel intro are in the user's language.
  'users.info': ['users:read'],
  // client.chatStream() calls chat.startStream / appendStream / stopStream.
  'chat.startStream': ['chat:write'],
};

/** Events each handler needs, with the scopes Slack requires to deliver them. */
const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  app_home_opened: [],
  member_joined_channel: ['channels:read', 'groups:read'],
  'message.im': ['im:history'],
  'message.channels': ['channels:history'],
};

interface Manifest {
  features: { slash_commands: { command: string; url: string }[]; assistant_view?: unknown; agent_view?: { agent_description?: string }; app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

async function slackSources(): Promise<string> {
  const dir = join(REPO, 'src/channels/slack');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
  return (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
}

const manifest = async () => parse(await readFile(join(REPO, 'slack/manifest.yml'), 'utf8')) as Manifest;

/** Slack's published manifest schema (vendored from slackapi/manifest-schema: see slack/schema/README.md). */
async function validator() {
  const schema = JSON.parse(await readFile(join(REPO, 'slack/schema/manifest.schema.1.0.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('slack/manifest.yml', () => {
  it('validates against Slack\'s published app manifest JSON schema, which refuses a broken manifest', async () => {
    const validate = await validator();
    const m = await manifest();
    expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
    // The schema is not vacuous: an unknown agent_view field and a relative request URL are refused.
    const broken = structuredClone(m) as unknown as { features: { agent_view: Record<string, unknown> }; settings: { event_subscriptions: { request_url: string } } };
    broken.features.agent_view.assistant_description = 'old field name';
    expect(validate(broken)).toBe(false);
    const relative = structuredClone(m);
    relative.settings.event_subscriptions.request_url = '/slack/events';
    expect(validate(relative)).toBe(false);
  });

  it('uses the agent messaging experience for new apps, with the App Home and the events the handlers need', async () => {
    const m = await manifest();
    expect(m.features.agent_view?.agent_description).toBeTruthy();
    expect(m.features.assistant_view).toBeUndefined();
    expect(m.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    const events = m.settings.event_subscriptions.bot_events;
    for (const [event, scopes] of Object.entries(EVENT_SCOPES)) {
      expect(events, event).toContain(event);
      for (const scope of scopes) expect(m.oauth_config.scopes.bot, `${event} needs ${scope}`).toContain(scope);
    }
    // The agent view has no assistant_thread_started: app_home_opened (tab "messages") replaces it.
    expect(events).not.toContain('assistant_thread_started');
    const code = await slackSources();
    expect(code).toMatch(/app\.event\('app_home_opened'/);
    expect(code).toMatch(/app\.event\('member_joined_channel'/);
  });

  it('asks for every scope the Web API calls in the code need, and routes everything to the events path', async () => {
    const m = await manifest();
    const code = await slackSources();
    const called = [...new Set([...code.matchAll(/\bclient\.([a-z]+)\.([a-zA-Z]+)\(/g)].map((x) => `${x[1]}.${x[2]}`))];
    if (/\.chatStream\(/.test(code)) called.push('chat.startStream');
    expect(called.length).toBeGreaterThan(3);
    for (const method of called) {
      expect(SCOPES, `scope list for ${method}`).toHaveProperty([method]);
      for (const scope of SCOPES[method] ?? []) expect(m.oauth_config.scopes.bot, `${method} needs ${scope}`).toContain(scope);
    }
    const bot = m.oauth_config.scopes.bot;
    expect(bot).toEqual(expect.arrayContaining(['app_mentions:read', 'commands', 'assistant:write']));
    // setStatus / setSuggestedPrompts / setTitle (Bolt's Assistant, and the agent view's prompts) need assistant:write.
    expect(code).toMatch(/setStatus/);
    expect(code).toMatch(/assistant\.threads\.setSuggestedPrompts/);

    const urls = [m.settings.event_subscriptions.request_url, m.settings.interactivity.request_url, ...m.features.slash_commands.map((c) => c.url)];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
  });
});
