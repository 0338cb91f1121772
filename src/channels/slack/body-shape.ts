/** Top-level JSON body types Slack sends to the Events API URL. */
const JSON_TYPES = new Set(['url_verification', 'event_callback', 'app_rate_limited']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether a (signed) body has the shape of something Slack sends: an Events API envelope, a slash command, an
 * interactivity payload or an SSL check. Returns what is wrong, or undefined. Bolt would otherwise fail on such
 * bodies with a 500 or leave them unanswered until its own timeout.
 */
export function slackBodyProblem(contentType: string | undefined, raw: string): string | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return 'malformed JSON';
    }
    if (!isObject(body) || typeof body.type !== 'string' || !JSON_TYPES.has(body.type)) return 'not an Events API body';
    if (body.type === 'url_verification' && typeof body.challenge !== 'string') return 'url_verification without a challenge';
    if (body.type === 'event_callback' && !(isObject(body.event) && typeof body.event.type === 'string')) return 'event_callback without an event';
    return undefined;
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) {
      let p: unknown;
      try {
        p = JSON.parse(payload);
      } catch {
        return 'malformed payload';
      }
      return isObject(p) && typeof p.type === 'string' ? undefined : 'payload without a type';
    }
    if (form.get('command') || form.get('ssl_check')) return undefined;
    return 'not a slash command or interaction';
  }
  return 'unsupported content type';
}
