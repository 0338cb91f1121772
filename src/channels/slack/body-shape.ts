import type { Request } from 'express';

/** Top-level JSON body types Slack sends to the Events API URL. */
const JSON_TYPES = new Set(['url_verification', 'event_callback', 'app_rate_limited']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A checked body: what is wrong with it, or (for JSON bodies) the parsed object, parsed once for every later step. */
export type SlackBodyCheck = { problem: string } | { problem?: undefined; json?: Record<string, unknown> };

/**
 * Whether a (signed) body has the shape of something Slack sends: an Events API envelope, a slash command, an
 * interactivity payload or an SSL check. Bolt would otherwise fail on other bodies with a 500 or leave them
 * unanswered until its own timeout.
 */
export function checkSlackBody(contentType: string | undefined, raw: string): SlackBodyCheck {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return { problem: 'malformed JSON' };
    }
    if (!isObject(body) || typeof body.type !== 'string' || !JSON_TYPES.has(body.type)) return { problem: 'not an Events API body' };
    if (body.type === 'url_verification' && typeof body.challenge !== 'string') return { problem: 'url_verification without a challenge' };
    if (body.type === 'event_callback' && !(isObject(body.event) && typeof body.event.type === 'string')) return { problem: 'event_callback without an event' };
    return { json: body };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) {
      let p: unknown;
      try {
        p = JSON.parse(payload);
      } catch {
        return { problem: 'malformed payload' };
      }
      return isObject(p) && typeof p.type === 'string' ? {} : { problem: 'payload without a type' };
    }
    if (form.get('command') || form.get('ssl_check')) return {};
    return { problem: 'not a slash command or interaction' };
  }
  return { problem: 'unsupported content type' };
}

/** What the signature guard hands on to the next steps of Bolt's route. */
interface CheckedSlackRequest extends Request {
  /** The raw body, exactly as received (Bolt's ExpressReceiver reads it from here). */
  rawBody?: Buffer;
  /** The parsed JSON body of an Events API request. */
  slackJson?: Record<string, unknown>;
}

export const setCheckedBody = (req: Request, raw: Buffer, json: Record<string, unknown> | undefined): void => {
  const r = req as CheckedSlackRequest;
  r.rawBody = raw;
  if (json) r.slackJson = json;
};

/** The parsed JSON body the signature guard checked, if the request was an Events API one. */
export const checkedJson = (req: Request): Record<string, unknown> | undefined => (req as CheckedSlackRequest).slackJson;
