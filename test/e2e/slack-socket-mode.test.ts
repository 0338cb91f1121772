import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi, BOT } from '../helpers/fake-slack-api.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { commandForm, eventEnvelope } from '../helpers/slack-requests.js';
import { dm, newUser, posts } from '../helpers/slack-service.js';

/** Slack over Socket Mode (SLACK_APP_TOKEN set): the fake Slack hands out a WebSocket and sends envelopes on it. */
let api: FakeSlackApi;
let svc: RunningService;

beforeAll(async () => {
  api = new FakeSlackApi();
  await api.start();
  svc = await startFixtureService({
    channels: true,
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'unused-in-socket-mode', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: api.apiUrl },
  });
});
afterAll(async () => {
  await svc?.close();
  await api?.stop();
});

describe('Slack in Socket Mode', () => {
  it('opens the connection with the app-level token and mounts no HTTP route', async () => {
    const open = api.of('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe('xapp-test');
    expect(api.sockets).toHaveLength(1);
    const res = await fetch(`${svc.base}/slack/events`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('acknowledges an events_api envelope and answers the DM through the Web API', async () => {
    const m = dm(newUser(), 'What is an MRA?');
    const ack = await api.pushEnvelope('events_api', JSON.parse(eventEnvelope(m)) as Record<string, unknown>);
    expect(ack.envelope_id).toMatch(/^env-/);
    await api.waitFor(() => posts(api, m.channel).length === 1);
    const post = posts(api, m.channel)[0]!;
    expect(post.token).toBe('xoxb-test');
    expect(String(post.body.text)).toMatch(/mutual recognition/i);
    expect(post.body.blocks).toBeTruthy();
  });

  it('answers /aeo help in the acknowledgement payload', async () => {
    const form = Object.fromEntries(new URLSearchParams(commandForm({ text: 'help', user_id: newUser(), channel_id: 'C1', team_id: BOT.team, response_url: api.responseUrl('sm1') })));
    const ack = await api.pushEnvelope('slash_commands', form);
    const payload = ack.payload as { text?: string; response_type?: string } | undefined;
    expect(payload?.response_type).toBe('ephemeral');
    expect(payload?.text).toMatch(/`\/aeo &lt;question&gt;`/);
  });
});
