import type { types } from '@slack/bolt';
import type { Answer, Citation } from '../../core/answer.js';
import type { Messages } from '../../i18n/messages.js';
import { ACTION, BLOCK, askActionId, packValue, type ExpertValue, type FeedbackValue, type PostValue } from './actions.js';
import { escapeMrkdwn, escapeWithin, link, splitMrkdwn, truncate, withMention } from './mrkdwn.js';
import { asComparison, asMraTable, comparisonBlocks, mraTableBlocks } from './tables.js';

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/** Slack's limits: section text, blocks per message, button text. */
export const LIMITS = { section: 3000, blocks: 50, button: 75, actions: 25, text: 4000, body: 12_000 } as const;

export interface SlackMessage { text: string; blocks: KnownBlock[] }

export interface RenderOptions {
  answerId: string;
  question: string;
  messages: Messages;
  /** Offer "Ask a customs expert" (an experts channel is configured). */
  experts: boolean;
  /** The answer is shown only to the asker (slash command): offer "Post to channel". */
  ephemeral?: boolean;
  /** Posted for someone else to see: starts with "<@user> asked: ...". */
  askedBy?: string;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [mrkdwn(text)] });
const button = (text: string, action_id: string, value: string, style?: 'primary' | 'danger'): Button =>
  ({ type: 'button', text: { type: 'plain_text', text: truncate(text, LIMITS.button), emoji: true }, action_id, value, ...(style ? { style } : {}) });

/** `[n]` markers as links to the cited source, where it has a URL. */
export function citationLinker(citations: Citation[]): (escaped: string) => string {
  const urls = new Map(citations.map((c) => [c.n, c.url]));
  return (s) => s.replace(/\[(\d+)\]/g, (m, n: string) => link(urls.get(Number(n)), m));
}

/**
 * An Answer as a Slack message: mrkdwn text with linked [n] markers, MRA or comparison tables, choice and follow-up
 * buttons, numbered sources, feedback and expert buttons. Text is split at 3,000 characters per section and the
 * message kept within 50 blocks; `text` is the plain fallback for notifications and clients without blocks.
 */
export function answerMessage(a: Answer, o: RenderOptions): SlackMessage {
  const t = (k: string, v: Record<string, string> = {}) => o.messages.text(a.language, k, v);
  const cite = citationLinker(a.citations);
  const mra = asMraTable(a.data);
  const comparison = asComparison(a.data);
  const choices = choicesOf(a.data);

  // A comparison shows its rows as a grid instead of the "- field: ..." lines of the text.
  const text = comparison?.rows.length ? a.answer.split('\n').filter((l) => !l.startsWith('- ')).join('\n') : a.answer;
  const body: KnownBlock[] = splitMrkdwn(cite(escapeMrkdwn(truncate(text, LIMITS.body))), LIMITS.section).map(section);
  if (mra && mra.rows.length >= 2) body.push(...mraTableBlocks(mra));
  if (comparison?.rows.length) body.push(...comparisonBlocks(comparison, cite));

  const tail: KnownBlock[] = [];
  let n = 0;
  if (choices.length) {
    tail.push({ type: 'actions', block_id: BLOCK.choices, elements: choices.slice(0, LIMITS.actions).map((c) => button(c.label, askActionId(n++), c.value.slice(0, 1900))) });
  }
  if (a.citations.length) tail.push(...sourcesBlocks(a.citations, t('sources')));
  if (!choices.length && a.followUps.length) {
    tail.push({ type: 'actions', elements: a.followUps.slice(0, 5).map((f) => button(f, askActionId(n++), f.slice(0, 1900))) });
  }
  const answerable = a.kind !== 'eligibility' && a.kind !== 'clarify';
  if (answerable && !a.declined) {
    const v = packValue({ id: o.answerId, kind: a.kind, q: o.question, lang: a.language } satisfies FeedbackValue);
    tail.push({ type: 'actions', block_id: BLOCK.feedback, elements: [button(t('slack_helpful'), ACTION.helpful, v), button(t('slack_not_helpful'), ACTION.notHelpful, v)] });
  }
  const more: Button[] = [];
  if (answerable && o.ephemeral && !a.declined) more.push(button(t('slack_post_channel'), ACTION.postToChannel, packValue({ q: o.question } satisfies PostValue), 'primary'));
  if (answerable && o.experts) more.push(button(t('expert_button'), ACTION.expert, packValue({ q: o.question, a: a.answer, lang: a.language } satisfies ExpertValue)));
  if (more.length) tail.push({ type: 'actions', block_id: BLOCK.more, elements: more });

  const head: KnownBlock[] = o.askedBy ? [context(withMention((u) => t('slack_asked', { user: u, question: truncate(o.question, 500) }), o.askedBy))] : [];
  const room = LIMITS.blocks - head.length - tail.length;
  const fitted = body.length <= room ? body : [...body.slice(0, Math.max(0, room - 1)), context(t('slack_shortened'))];
  return { text: escapeWithin(a.answer, LIMITS.text), blocks: [...head, ...fitted, ...tail].slice(0, LIMITS.blocks) };
}

/** A short message (polite refusal, apology, notice), optionally addressed to a user and with a reference line. */
export function noticeMessage(text: string, opts: { mention?: string; note?: string } = {}): SlackMessage {
  const escaped = `${opts.mention ? `<@${opts.mention}> ` : ''}${escapeWithin(text, LIMITS.section - 40)}`;
  return { text: escaped, blocks: [section(escaped), ...(opts.note ? [context(escapeMrkdwn(opts.note))] : [])] };
}

function sourcesBlocks(citations: Citation[], title: string): KnownBlock[] {
  const lines = citations.map((c) => {
    const where = [c.section, c.updated].filter(Boolean).map((s) => escapeMrkdwn(truncate(String(s), 120))).join(' · ');
    return `*[${c.n}]* ${link(c.url, truncate(c.title, 200))}${where ? ` · ${where}` : ''}`;
  });
  const chunks = splitMrkdwn([`*${escapeMrkdwn(title)}*`, ...lines].join('\n'), LIMITS.section);
  return chunks.slice(0, 5).map(context);
}

function choicesOf(data: unknown): { label: string; value: string }[] {
  const choices = (data as { choices?: unknown } | undefined)?.choices;
  if (!Array.isArray(choices)) return [];
  return choices.filter((c): c is { label: string; value: string } => typeof c?.label === 'string' && typeof c?.value === 'string' && !!c.value);
}
