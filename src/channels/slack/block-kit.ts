import type { types } from '@slack/bolt';
import type { Answer, Citation } from '../../core/answer.js';
import type { Messages } from '../../i18n/messages.js';
import { ACTION, BLOCK, askActionId, packValue, type ExpertValue, type FeedbackValue, type PostValue } from './actions.js';
import { escapeMrkdwn, escapeWithin, link, splitMrkdwn, truncate, withMention } from './mrkdwn.js';
import { asComparison, asMraTable, comparisonBlocks, fitsTable, mraTableBlock } from './tables.js';

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/**
 * Slack's limits: section text, blocks per message, button text, actions per block, fallback text, the answer text
 * rendered at all, and the text of all blocks of one message (Slack refuses ~12,000 with msg_blocks_too_long and
 * does not document the exact count: bolt-js#2509, #2867), kept with a margin.
 */
export const LIMITS = {
  section: 3000, blocks: 50, button: 75, actions: 25, text: 4000, body: 36_000, messageText: 10_000, messages: 5, sources: 4000,
} as const;

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
const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, LIMITS.button), emoji: true });
const button = (text: string, action_id: string, value: string, style?: 'primary' | 'danger'): Button =>
  ({ type: 'button', text: plain(text), action_id, value, ...(style ? { style } : {}) });

/** `[n]` markers as links to the cited source, where it has a URL. */
export function citationLinker(citations: Citation[]): (escaped: string) => string {
  const urls = new Map(citations.map((c) => [c.n, c.url]));
  return (s) => s.replace(/\[(\d+)\]/g, (m, n: string) => link(urls.get(Number(n)), m));
}

/** An Answer as one Slack message (the first of answerMessages: the whole answer unless it is very long). */
export function answerMessage(a: Answer, o: RenderOptions): SlackMessage {
  return answerMessages(a, o)[0]!;
}

/**
 * An Answer as Slack messages: mrkdwn text with linked [n] markers, an MRA table block or comparison fields,
 * choice and follow-up buttons, numbered sources, feedback and expert buttons. Text is split at 3,000 characters
 * per section; an answer too long for one message (50 blocks, ~10,000 characters) continues in the next ones, the
 * buttons under the last. `text` is each message's plain fallback for notifications and clients without blocks.
 */
export function answerMessages(a: Answer, o: RenderOptions): SlackMessage[] {
  const t = (k: string, v: Record<string, string> = {}) => o.messages.text(a.language, k, v);
  const cite = citationLinker(a.citations);
  const mra = asMraTable(a.data);
  // The table shares its message with the first lines of the text: it may take most of the budget, not all of it.
  const table = mra && fitsTable(mra, LIMITS.messageText - LIMITS.section) ? mra : undefined;
  const comparison = asComparison(a.data);

  // A table or a comparison grid shows the rows instead of the "- ..." lines of the text (the fallback keeps them).
  const gridded = !!table || !!comparison?.rows.length;
  const text = gridded ? a.answer.split('\n').filter((l) => !l.startsWith('- ')).join('\n') : a.answer;
  const content: KnownBlock[] = splitMrkdwn(cite(escapeMrkdwn(truncate(text, LIMITS.body))), LIMITS.section).map(section);
  if (table) {
    const urls = new Map(a.citations.map((c) => [c.n, c.url]));
    content.push(mraTableBlock(table, (n) => urls.get(n)));
  }
  if (comparison?.rows.length) content.push(...comparisonBlocks(comparison, cite, LIMITS.messageText - LIMITS.section));

  const asked = (u: string) => t('slack_asked', { user: u, question: truncate(o.question, 500) });
  const head: KnownBlock[] = o.askedBy ? [context(withMention(asked, o.askedBy))] : [];
  const pages = paginate([...head, ...content], tailBlocks(a, o, t), t('slack_shortened'));
  return pages.map((blocks, i) => ({ text: i === 0 ? escapeWithin(a.answer, LIMITS.text) : fallbackOf(blocks), blocks }));
}

function tailBlocks(a: Answer, o: RenderOptions, t: (k: string, v?: Record<string, string>) => string): KnownBlock[] {
  const choices = choicesOf(a.data);
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
  const record: FeedbackValue = { id: o.answerId, kind: a.kind, q: o.question, lang: a.language };
  if (answerable && !a.declined) tail.push(feedbackBlock(record, t, !o.ephemeral));
  const more: Button[] = [];
  if (answerable && o.ephemeral && !a.declined) more.push(button(t('slack_post_channel'), ACTION.postToChannel, packValue({ q: o.question } satisfies PostValue), 'primary'));
  if (answerable && o.experts) more.push(button(t('expert_button'), ACTION.expert, packValue({ q: o.question, a: a.answer, lang: a.language } satisfies ExpertValue)));
  if (more.length) tail.push({ type: 'actions', block_id: BLOCK.more, elements: more });
  return tail;
}

/**
 * Feedback under an answer: Slack's native feedback buttons (a context_actions block) in messages, classic buttons
 * in ephemeral answers (response_url), where the context_actions block is not offered. Both carry the same record.
 */
function feedbackBlock(v: FeedbackValue, t: (k: string) => string, native: boolean): KnownBlock {
  if (!native) {
    const value = packValue(v);
    const elements = [button(t('slack_helpful'), ACTION.helpful, value), button(t('slack_not_helpful'), ACTION.notHelpful, value)];
    return { type: 'actions', block_id: BLOCK.feedback, elements };
  }
  const side = (label: string, helpful: boolean) =>
    ({ text: plain(label), accessibility_label: truncate(label, 75), value: packValue({ ...v, h: helpful ? '1' : '0' }) });
  const positive_button = side(t('slack_helpful'), true);
  const negative_button = side(t('slack_not_helpful'), false);
  return {
    type: 'context_actions', block_id: BLOCK.feedback,
    elements: [{ type: 'feedback_buttons', action_id: ACTION.feedback, positive_button, negative_button }],
  };
}

/** The text Slack counts against a message's block limit. */
function blockText(b: KnownBlock): number {
  const walk = (v: unknown): number => {
    if (Array.isArray(v)) return v.reduce((n: number, x) => n + walk(x), 0);
    if (!v || typeof v !== 'object') return 0;
    return Object.entries(v).reduce((n, [k, x]) => n + (k === 'text' && typeof x === 'string' ? x.length : walk(x)), 0);
  };
  return walk(b);
}

/**
 * Blocks in pages that Slack accepts (<= 50 blocks, <= LIMITS.messageText of text each), the tail on the last page;
 * beyond LIMITS.messages pages the rest is left out with a note (one table per message holds: there is one table).
 */
function paginate(content: KnownBlock[], tail: KnownBlock[], shortened: string): KnownBlock[][] {
  const tailText = tail.reduce((n, b) => n + blockText(b), 0);
  const pages: KnownBlock[][] = [[]];
  let used = 0;
  for (const b of content) {
    const size = blockText(b);
    const page = pages[pages.length - 1]!;
    if (page.length && (page.length + 1 > LIMITS.blocks || used + size > LIMITS.messageText)) {
      pages.push([b]);
      used = size;
    } else {
      page.push(b);
      used += size;
    }
  }
  const last = pages[pages.length - 1]!;
  if (last.length + tail.length > LIMITS.blocks || used + tailText > LIMITS.messageText) pages.push([]);
  if (pages.length > LIMITS.messages) {
    pages.length = LIMITS.messages;
    const end = pages[LIMITS.messages - 1]!;
    // The note and the tail must fit the last page.
    const tooBig = () => end.length + tail.length + 1 > LIMITS.blocks
      || end.reduce((n, b) => n + blockText(b), 0) + tailText + 200 > LIMITS.messageText;
    while (end.length > 1 && tooBig()) end.pop();
    end.push(context(shortened));
  }
  pages[pages.length - 1]!.push(...tail);
  return pages.filter((p) => p.length);
}

/** The fallback text of a continuation message: its sections' text. */
function fallbackOf(blocks: KnownBlock[]): string {
  const text = blocks.map((b) => (b.type === 'section' && b.text ? b.text.text : '')).filter(Boolean).join('\n\n');
  return splitMrkdwn(text || '…', LIMITS.text)[0] ?? '…';
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
  // Long source lists are cut at LIMITS.sources characters, saying how many more there are.
  const kept: string[] = [];
  let size = title.length;
  for (const l of lines) {
    if (size + l.length + 1 > LIMITS.sources) break;
    kept.push(l);
    size += l.length + 1;
  }
  if (kept.length < lines.length) kept.push(`(+${lines.length - kept.length})`);
  return splitMrkdwn([`*${escapeMrkdwn(title)}*`, ...kept].join('\n'), LIMITS.section).map(context);
}

function choicesOf(data: unknown): { label: string; value: string }[] {
  const choices = (data as { choices?: unknown } | undefined)?.choices;
  if (!Array.isArray(choices)) return [];
  return choices.filter((c): c is { label: string; value: string } => typeof c?.label === 'string' && typeof c?.value === 'string' && !!c.value);
}
