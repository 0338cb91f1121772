import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
};

interface Manifest {
  features: { slash_commands: { command: string; url: string }[]; assistant_view?: unknown };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

async function slackSources(): Promise<string> {
  const dir = join(REPO, 'src/channels/slack');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
  return (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
}

describe('slack/manifest.yml', () => {
  it('asks for every scope the Web API calls in the code need, and routes everything to the events path', async () => {
    const m = parse(await readFile(join(REPO, 'slack/manifest.yml'), 'utf8')) as Manifest;
    const code = await slackSources();
    const called = [...new Set([...code.matchAll(/\bclient\.([a-z]+)\.([a-zA-Z]+)\(/g)].map((x) => `${x[1]}.${x[2]}`))];
    expect(called.length).toBeGreaterThan(3);
    for (const method of called) {
      expect(SCOPES, `scope list for ${method}`).toHaveProperty([method]);
      for (const scope of SCOPES[method] ?? []) expect(m.oauth_config.scopes.bot, `${method} needs ${scope}`).toContain(scope);
    }
    const bot = m.oauth_config.scopes.bot;
    expect(bot).toEqual(expect.arrayContaining(['app_mentions:read', 'commands', 'assistant:write']));
    // setStatus / setSuggestedPrompts / setTitle (Bolt's Assistant) call assistant.threads.*.
    expect(code).toMatch(/setStatus/);

    const urls = [m.settings.event_subscriptions.request_url, m.settings.interactivity.request_url, ...m.features.slash_commands.map((c) => c.url)];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
    expect(m.features.assistant_view).toBeTruthy();
    expect(m.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im', 'assistant_thread_started', 'message.channels']));
  });
});
