/** The action ids of this app's buttons and the small JSON values they carry (Slack allows 2,000 characters). */

export const ACTION = {
  /** A choice, follow-up or suggestion: its value is asked as the next message of the conversation. */
  ask: /^aeo_ask_\d+$/,
  /** Slack's native feedback buttons: the value of the clicked side says which. */
  feedback: 'aeo_feedback',
  /** Classic feedback buttons (ephemeral answers, and messages posted before the native ones). */
  helpful: 'aeo_feedback_helpful',
  notHelpful: 'aeo_feedback_not_helpful',
  expert: 'aeo_expert',
  resolve: 'aeo_expert_resolve',
  postToChannel: 'aeo_post_channel',
} as const;

export const askActionId = (i: number) => `aeo_ask_${i}`;

/** Block ids the action handlers look for when they update a message. */
export const BLOCK = { choices: 'aeo_choices', feedback: 'aeo_feedback', more: 'aeo_more', resolve: 'aeo_resolve' } as const;

export interface FeedbackValue { id: string; kind: string; q: string; lang: string; /** Native buttons: '1' helpful, '0' not. */ h?: string }
export interface ExpertValue { q: string; a: string; lang: string }
export interface ResolveValue { channel: string; thread?: string; user: string; q: string; lang: string }
export interface PostValue { q: string }

const MAX_VALUE = 2000;

/**
 * JSON for a button value, shortening the longest string field until it fits Slack's limit
 * (a question fits whole: MAX_QUESTION_CHARS is far below it; long answers are cut).
 */
export function packValue(value: object): string {
  const v = { ...value } as Record<string, unknown>;
  let json = JSON.stringify(v);
  while (json.length > MAX_VALUE) {
    const longest = Object.entries(v).filter(([, x]) => typeof x === 'string').sort((a, b) => (b[1] as string).length - (a[1] as string).length)[0];
    if (!longest) break;
    const s = longest[1] as string;
    v[longest[0]] = `${s.slice(0, Math.max(0, s.length - (json.length - MAX_VALUE) - 8))}…`;
    json = JSON.stringify(v);
  }
  return json;
}

/** Parses a button value written by packValue; undefined for anything else (values come back from Slack clients). */
export function unpackValue<T extends object>(value: string | undefined, required: (keyof T)[]): T | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    return required.every((k) => typeof (v as Record<string, unknown>)[k as string] === 'string') ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}
