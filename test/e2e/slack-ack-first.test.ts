import { App } from '@slack/bolt';
import { describe, expect, it, vi } from 'vitest';
import { BOT } from '../helpers/fake-slack-api.js';
import { commandForm, eventEnvelope, sign } from '../helpers/slack-requests.js';
import { dm, newUser, posts, useSlackService, type SlackService } from '../helpers/slack-service.js';

const FORM = 'application/x-www-form-urlencoded';

/** The same checks on both paths: acknowledged first (default) and through Bolt first (SLACK_ACK_FIRST=false). */
function behavesLikeSlackExpects(slack: SlackService) {
  it('refuses a forged event with 401 and answers nothing', async () => {
    const m = dm(newUser(), 'What is an MRA?');
    const ts = Math.floor(Date.now() / 1000);
    const res = await slack.send(eventEnvelope(m), { signature: sign('other-secret', ts, eventEnvelope(m)), timestamp: ts });
    expect(res.status).toBe(401);
    await slack.marker();
    expect(posts(slack.api, m.channel)).toHaveLength(0);
  });

  it('answers the url_verification challenge', async () => {
    const res = await slack.send(JSON.stringify({ token: 'legacy', challenge: 'c-42', type: 'url_verification' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-42' });
  });

  it('answers a direct message once when its retries arrive at the same time', async () => {
    const m = dm(newUser(), 'Who grants AEO status?');
    const body = eventEnvelope(m, `EvRetry${m.ts}`);
    const retry = (n: number) => ({ headers: { 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' } });
    const res = await Promise.all([slack.send(body), slack.send(body, retry(1)), slack.send(body, retry(2))]);
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    await slack.api.waitFor(() => posts(slack.api, m.channel).length >= 1);
    await slack.marker();
    expect(posts(slack.api, m.channel)).toHaveLength(1);
    expect(posts(slack.api, m.channel)[0]!.body.text).toMatch(/\S/);
  });

  it('still answers a slash command through Bolt', async () => {
    const user = newUser();
    const res = await slack.send(commandForm({ user_id: user, channel_id: `C${user}`, text: 'What is an MRA?', response_url: slack.api.responseUrl(`cmd-${user}`) }), { contentType: FORM });
    expect(res.status).toBe(200);
    await slack.api.waitFor(() => slack.api.of(`response:cmd-${user}`).length === 1);
    expect(slack.api.of(`response:cmd-${user}`)[0]!.body).toMatchObject({ response_type: 'ephemeral' });
  });
}

describe('Slack events acknowledged first (default)', () => {
  const slack = useSlackService();
  behavesLikeSlackExpects(slack);

  it('acknowledges an event whose processing is stuck, and answers the next one', async () => {
    // Bolt's whole pipeline (authorize, middleware, listeners) hangs for one event: the ack must not wait for it.
    const stuck = vi.spyOn(App.prototype, 'processEvent').mockImplementationOnce(() => new Promise(() => {}));
    const m = dm(newUser(), 'What is an MRA?');
    const t = performance.now();
    const res = await slack.send(eventEnvelope(m));
    expect(res.status).toBe(200);
    // Bolt answers an unacknowledged request after ~3 s; generous against a loaded machine, far below that.
    expect(performance.now() - t).toBeLessThan(2000);
    await vi.waitFor(() => expect(stuck).toHaveBeenCalledTimes(1));
    stuck.mockRestore();
    await slack.marker();
  });

  it('acks an event before the Express app with the headers every API response has, and answers it', async () => {
    const m = dm(newUser(), 'What is an AEO?');
    const res = await slack.send(eventEnvelope(m), { headers: { 'x-request-id': 'req-fast-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-fast-1');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    await slack.api.waitFor(() => posts(slack.api, m.channel).length >= 1);
  });

  it('hands the event to Bolt with its retry number and the bot ids', async () => {
    const seen = vi.spyOn(App.prototype, 'processEvent');
    const m = dm(newUser(), 'What is an AEO?');
    await slack.send(eventEnvelope(m), { headers: { 'x-slack-retry-num': '3', 'x-slack-retry-reason': 'http_error' } });
    await vi.waitFor(() => expect(seen).toHaveBeenCalled());
    expect(seen.mock.calls[0]![0]).toMatchObject({ retryNum: 3, retryReason: 'http_error', body: { type: 'event_callback', team_id: BOT.team } });
  });
});

describe('Slack events through Bolt first (SLACK_ACK_FIRST=false, the previous path)', () => {
  const slack = useSlackService({ SLACK_ACK_FIRST: 'false' });
  behavesLikeSlackExpects(slack);
});
