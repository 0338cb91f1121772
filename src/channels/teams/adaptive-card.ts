import type { Answer } from '../../core/answer.js';
import type { Messages } from '../../i18n/messages.js';
import { choiceElements, layOutActions, submit, type CardElement } from './card-actions.js';
import { packCards } from './card-split.js';
import { answerMarkdown, escapeMarkdown } from './card-text.js';

export interface AnswerCardOptions {
  answerId: string;
  /** The card's own helpful / not helpful buttons: only where Teams' feedback loop is off (one control per answer). */
  feedbackButtons: boolean;
  expertButton: boolean;
}

interface Row {
  [k: string]: unknown;
}
interface TableData {
  type?: string;
  columns?: { key?: string; label: string }[];
  rows?: Row[];
  choices?: { label: string; value: string }[];
  question?: string;
}

const text = (t: string, extra: CardElement = {}): CardElement => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...extra,
});

/**
 * An Answer as one or more Adaptive Cards 1.5 (more only when one would be over Teams' message size): the answer
 * text (Markdown-escaped), its table at full width, sources, and at most 6 actions on the last card.
 */
export function answerCards(a: Answer, m: Messages, o: AnswerCardOptions): CardElement[] {
  const t = (k: string) => m.text(a.language, k);
  const data = a.data as TableData | undefined;
  const table = tableOf(data);
  // A table shows the rows the text lists as "- ..." lines: the card shows them once, in the table.
  const listed = a.answer.split('\n').filter((l) => l.startsWith('- ')).length;
  const dropList = !!table && (data?.type === 'comparison' || listed === (data?.rows?.length ?? 0));
  const lines = a.answer.split('\n').filter((l) => !(dropList && l.startsWith('- ')));
  const body: CardElement[] = paragraphs(lines).map((p) => text(answerMarkdown(p)));
  if (table) body.push(table);
  const choices = choiceElements(data?.choices ?? [], data?.question ?? t('teams_choose'), t('teams_choice_submit'));
  body.push(...choices.body);
  if (a.citations.length) {
    body.push(text(t('sources'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const c of a.citations) {
      const title = escapeMarkdown(c.title);
      const section = c.section ? ` - ${escapeMarkdown(c.section)}` : '';
      body.push(
        text(`[${c.n}] ${c.url ? `[${title}](${c.url})` : title}${section}`, { size: 'Small', spacing: 'None' }),
      );
    }
  }
  const actions: CardElement[] = [...choices.actions];
  if (!data?.choices?.length) for (const f of a.followUps) actions.push(submit(f, { action: 'ask', text: f }));
  const answerable = a.kind !== 'eligibility' && a.kind !== 'clarify';
  if (o.feedbackButtons && answerable && !a.declined) {
    actions.push(submit(t('teams_helpful'), { action: 'feedback', helpful: true, answerId: o.answerId }));
    actions.push(submit(t('teams_not_helpful'), { action: 'feedback', helpful: false, answerId: o.answerId }));
  }
  if (o.expertButton && answerable)
    actions.push(submit(t('expert_button'), { action: 'expert', answerId: o.answerId }));
  return packCards(body, layOutActions(actions, t('teams_more')), {
    fullWidth: !!table,
    continued: t('teams_continued'),
  });
}

/** Text lines grouped into paragraphs (blank-line separated), so long answers can be split between cards. */
function paragraphs(lines: string[]): string[] {
  return lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function tableOf(data: TableData | undefined): CardElement | undefined {
  if (!data?.rows?.length) return undefined;
  if (data.type === 'mra-table' && data.rows.length >= 2) {
    const columns = data.columns ?? [];
    const rows = data.rows.map((r) =>
      columns.map((c, i) => {
        const v = String(r[c.key ?? ''] ?? '');
        return i === 0 && typeof r.n === 'number' ? `${v} [${r.n}]` : v;
      }),
    );
    return table(
      columns.map((c) => c.label),
      rows,
    );
  }
  if (data.type === 'comparison') {
    const rows = (data.rows as { label: string; values: string[] }[]).map((r) => [r.label, ...r.values]);
    return table(['', ...(data.columns ?? []).map((c) => c.label)], rows);
  }
  return undefined;
}

function table(header: string[], rows: string[][]): CardElement {
  const cell = (v: string, bold = false) => ({
    type: 'TableCell',
    items: [text(escapeMarkdown(v), bold ? { weight: 'Bolder' } : {})],
  });
  return {
    type: 'Table',
    firstRowAsHeader: true,
    columns: header.map(() => ({ width: 1 })),
    rows: [
      { type: 'TableRow', cells: header.map((h) => cell(h, true)) },
      ...rows.map((r) => ({ type: 'TableRow', cells: header.map((_, i) => cell(r[i] ?? '')) })),
    ],
  };
}
