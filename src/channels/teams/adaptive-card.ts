import type { Answer } from '../../core/answer.js';
import type { Messages } from '../../i18n/messages.js';

/** The Action.Submit payloads this bot's cards send back. */
export type CardAction =
  | { action: 'ask'; text: string }
  | { action: 'feedback'; helpful: boolean; answerId: string; question: string; kind: string }
  | { action: 'expert'; question: string; answer: string; lang: string }
  | { action: 'resolve'; question: string; lang: string; asker: Record<string, unknown> };

interface Row { [k: string]: unknown }

const text = (t: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: t, wrap: true, ...extra });

/** An Answer as an Adaptive Card 1.5: text, tables, buttons for choices and follow-ups, sources, feedback. */
export function answerCard(a: Answer, question: string, answerId: string, m: Messages, experts = false): Record<string, unknown> {
  const body: unknown[] = [text(a.answer)];
  const data = a.data as { type?: string; columns?: { key?: string; label: string }[]; rows?: Row[]; choices?: { label: string; value: string }[] } | undefined;
  if (data?.type === 'mra-table' && data.rows?.length) body.push(table(data.columns ?? [], data.rows));
  if (data?.type === 'comparison' && data.rows?.length) body.push(comparison(data.columns ?? [], data.rows as { label: string; values: string[] }[]));
  if (a.citations.length) {
    body.push(text(m.text(a.language, 'sources'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const c of a.citations) body.push(text(`[${c.n}] ${c.url ? `[${escapeMd(c.title)}](${c.url})` : escapeMd(c.title)}${c.section ? ` - ${escapeMd(c.section)}` : ''}`, { size: 'Small', spacing: 'None' }));
  }
  const actions: unknown[] = [];
  for (const c of data?.choices ?? []) actions.push(submit(c.label, { action: 'ask', text: c.value }));
  if (!data?.choices?.length) for (const f of a.followUps) actions.push(submit(f, { action: 'ask', text: f }));
  if (!a.declined && a.kind !== 'eligibility' && a.kind !== 'clarify') {
    actions.push(submit(m.text(a.language, 'teams_helpful'), { action: 'feedback', helpful: true, answerId, question, kind: a.kind }));
    actions.push(submit(m.text(a.language, 'teams_not_helpful'), { action: 'feedback', helpful: false, answerId, question, kind: a.kind }));
  }
  if (experts && a.kind !== 'eligibility' && a.kind !== 'clarify') {
    actions.push(submit(m.text(a.language, 'expert_button'), { action: 'expert', question: question.slice(0, 500), answer: a.answer.slice(0, 1500), lang: a.language }));
  }
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions };
}

function submit(title: string, data: CardAction): Record<string, unknown> {
  return { type: 'Action.Submit', title: title.slice(0, 80), data };
}

function table(columns: { key?: string; label: string }[], rows: Row[]): Record<string, unknown> {
  const cell = (t: string, bold = false) => ({ type: 'TableCell', items: [text(t, bold ? { weight: 'Bolder' } : {})] });
  return {
    type: 'Table',
    columns: columns.map(() => ({ width: 1 })),
    rows: [
      { type: 'TableRow', cells: columns.map((c) => cell(c.label, true)) },
      ...rows.map((r) => ({ type: 'TableRow', cells: columns.map((c) => cell(String(r[c.key ?? ''] ?? ''))) })),
    ],
  };
}

function comparison(columns: { label: string }[], rows: { label: string; values: string[] }[]): Record<string, unknown> {
  return table([{ key: 'field', label: '' }, ...columns.map((c, i) => ({ key: `v${i}`, label: c.label }))],
    rows.map((r) => ({ field: r.label, ...Object.fromEntries(r.values.map((v, i) => [`v${i}`, v])) })));
}

/** Card text is Markdown: brackets in titles would turn into links. */
function escapeMd(s: string): string {
  return s.replace(/([[\]])/g, '\\$1');
}
