/** Slack mrkdwn helpers: escaping, links, splitting at block limits, and turning a Slack message into a question. */

/** Slack treats &, < and > as control characters in every text field. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A `<url|label>` link, or the escaped label alone when the URL is not http(s). */
export function link(url: string | undefined, label: string): string {
  const text = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!url || !/^https?:\/\/\S+$/i.test(url)) return text;
  return `<${url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C')}|${text}>`;
}

/** Cuts to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** Escaped text of at most `max` characters, cut before escaping so no entity is cut in half. */
export function escapeWithin(s: string, max: number): string {
  let n = max;
  let out = escapeMrkdwn(truncate(s, n));
  while (out.length > max) {
    n -= out.length - max;
    out = escapeMrkdwn(truncate(s, n));
  }
  return out;
}

/**
 * Splits mrkdwn into pieces of at most `max` characters: at paragraph breaks, else line breaks, else spaces, and only
 * as a last resort inside a word (never inside an `&amp;` entity or a `<...>` link).
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = Math.max(window.lastIndexOf('\n\n'), 0);
    if (cut < max / 3) cut = Math.max(window.lastIndexOf('\n'), cut);
    if (cut < max / 3) cut = Math.max(window.lastIndexOf(' '), cut);
    if (cut < max / 3) cut = safeHardCut(rest, max);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

function safeHardCut(s: string, max: number): number {
  const head = s.slice(0, max);
  const amp = head.lastIndexOf('&');
  if (amp > max - 6 && !head.slice(amp).includes(';')) return amp || max;
  const open = head.lastIndexOf('<');
  if (open > 0 && !head.slice(open).includes('>')) return open;
  return max;
}

/**
 * A Slack message as a plain question: the bot's mention removed, other mentions, channels and links as readable
 * text, and Slack's escapes undone.
 */
export function toQuestion(text: string | undefined, botUserId?: string): string {
  let s = text ?? '';
  if (botUserId) s = s.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ');
  s = s
    .replace(/<@[UW][A-Z0-9]+\|([^>]+)>/g, '@$1')
    .replace(/<@[UW][A-Z0-9]+>/g, '')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '')
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]+)>/g, '$1')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return s.replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

/** True when the text mentions the given user (the bot). */
export function mentions(text: string | undefined, userId: string | undefined): boolean {
  return !!text && !!userId && text.includes(`<@${userId}`);
}

/** A fixed text escaped for mrkdwn, where `render` puts its argument for the user: that becomes a Slack mention. */
export function withMention(render: (user: string) => string, userId: string): string {
  const marker = '\u0001user\u0001';
  return escapeMrkdwn(render(marker)).split(marker).join(`<@${userId}>`);
}
