import { parse } from 'node-html-parser';
import type { Answer } from '../../core/answer.js';
import { withoutMarkers } from '../../answering/citations.js';

/**
 * Card text is Markdown: a `[x](url)` or `*` from the knowledge or a model would become a link or emphasis.
 * List dashes at a line's start stay (answers use them for lists on purpose).
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>~])/g, '\\$1');
}

/**
 * An answer's text for a card: escaped like any text, except the bold labels the engine itself starts lines with
 * ("**Canada**: ...", in facet comparisons), which stay bold.
 */
export function answerMarkdown(s: string): string {
  return escapeMarkdown(s).replace(/^\\\*\\\*(.+?)\\\*\\\*:/gm, '**$1**:');
}

/** Cuts at a word boundary with an ellipsis; never splits a surrogate pair. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const SUMMARY_CHARS = 160;
const SUMMARY_MIN = 40;

/**
 * The activity's `text`: a one-sentence summary that Teams shows in notifications and in clients without cards.
 * The answer itself is in the card only, so Teams does not show it twice.
 */
export function summaryText(a: Answer): string {
  const first = a.answer.split(/\n/).find((l) => l.trim()) ?? '';
  const plain = withoutMarkers(first)
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // Whole sentences until the summary says something ("Yes." alone does not).
  const sentences = plain.match(/[^.!?]+[.!?]+(\s|$)|[^.!?]+$/g) ?? [plain];
  let out = '';
  for (const s of sentences) {
    if (out.length >= SUMMARY_MIN) break;
    out += s;
  }
  return truncate(out.trim(), SUMMARY_CHARS);
}

/**
 * A user's message as Teams sends it (after the bot's mention is removed): HTML entities such as `&nbsp;`
 * decoded, leftover tags dropped, non-breaking spaces made plain.
 */
export function plainIncomingText(text: string | undefined): string {
  if (!text) return '';
  return parse(text)
    .text.replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
