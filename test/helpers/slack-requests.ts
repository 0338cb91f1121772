import { createHmac } from 'node:crypto';
import { BOT } from './fake-slack-api.js';

/** Slack's request signature: `v0=` HMAC-SHA256 of `v0:timestamp:body` (computed here independently of src/). */
export function sign(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  contentType?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Overrides the computed signature; null leaves the signature headers out. */
  signature?: string | null;
  headers?: Record<string, string>;
}

/** POSTs a signed request to the service's /slack/events, as Slack does. */
export function sendSlack(base: string, secret: string, body: string, o: SendOptions = {}): Promise<Response> {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/json', ...o.headers };
  if (o.signature !== null) {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = o.signature ?? sign(secret, ts, body);
  }
  return fetch(`${base}/slack/events`, { method: 'POST', headers, body });
}

let seq = 0;
/** A unique Slack timestamp ("1700000123.000456") for a message. */
export const nextTs = () => `${1700000000 + ++seq}.${String(seq).padStart(6, '0')}`;

/** An Events API envelope around one event. */
export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${++seq}`): string {
  return JSON.stringify({
    token: 'legacy', team_id: BOT.team, api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: BOT.team, user_id: BOT.userId, is_bot: true }], event,
  });
}

/** A slash command as Slack posts it (form-encoded). */
export function commandForm(fields: Record<string, string>): string {
  return new URLSearchParams({ token: 'legacy', team_id: BOT.team, team_domain: 'test', channel_name: 'general', user_name: 'trader', command: '/aeo', api_app_id: 'A1', trigger_id: 't.1', ...fields }).toString();
}

/** An interactivity payload (block_actions) as Slack posts it: form-encoded `payload=<json>`. */
export function actionForm(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', api_app_id: 'A1', token: 'legacy', trigger_id: 't.2', team: { id: BOT.team, domain: 'test' }, ...payload }) }).toString();
}
