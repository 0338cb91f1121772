import type { types } from '@slack/bolt';
import { escapeWithin, truncate } from './mrkdwn.js';

type KnownBlock = types.KnownBlock;

export interface MraTable { type: 'mra-table'; columns: { key: string; label: string }[]; rows: Record<string, unknown>[] }
export interface ComparisonTable { type: 'comparison'; columns: { label: string; n?: number }[]; rows: { label: string; values: string[] }[] }

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function asMraTable(data: unknown): MraTable | undefined {
  if (!isRecord(data) || data.type !== 'mra-table' || !Array.isArray(data.columns) || !Array.isArray(data.rows)) return undefined;
  return data as unknown as MraTable;
}

export function asComparison(data: unknown): ComparisonTable | undefined {
  if (!isRecord(data) || data.type !== 'comparison' || !Array.isArray(data.columns) || !Array.isArray(data.rows)) return undefined;
  return data as unknown as ComparisonTable;
}

const FIELD_MAX = 2000;
/** Slack's table block: at most 100 rows (the header row included) of at most 20 cells, one table per message. */
export const TABLE_LIMITS = { rows: 100, cells: 20, cellChars: 200 } as const;

type Cell = types.RawTextElement | types.RichTextBlock;
/** Cell text: one line, cut to the cell limit, never empty (Slack refuses an empty cell). */
const cellText = (text: string) => truncate(text.replace(/\s+/g, ' ').trim(), TABLE_LIMITS.cellChars) || '-';
const rawCell = (text: string): Cell => ({ type: 'raw_text', text: cellText(text) });
type Inline = { type: 'text'; text: string; style?: { bold: boolean } } | { type: 'link'; url: string; text: string };
const richCell = (elements: Inline[]): Cell => ({ type: 'rich_text', elements: [{ type: 'rich_text_section', elements }] });
const boldCell = (text: string): Cell => richCell([{ type: 'text', text: cellText(text), style: { bold: true } }]);

/**
 * Whether the rows fit one table block and one message's text budget (Slack counts table text towards its limit
 * on all blocks); else the answer's own lines show them, across messages if need be.
 */
export function fitsTable(t: MraTable, maxChars: number): boolean {
  if (t.rows.length < 2 || t.rows.length >= TABLE_LIMITS.rows || t.columns.length > TABLE_LIMITS.cells) return false;
  const cellChars = (v: unknown) => Math.min(String(v ?? '').length, TABLE_LIMITS.cellChars) + 5;
  const rowChars = (row: Record<string, unknown>) => t.columns.reduce((m, c) => m + cellChars(row[c.key]), 0);
  const chars = t.rows.reduce((n, row) => n + rowChars(row), 0) + t.columns.reduce((n, c) => n + c.label.length, 0);
  return chars <= maxChars;
}

/**
 * MRA rows as one Slack table block: a bold header row, then one row per arrangement, its first cell followed by
 * a link to the cited source ([n]). Table text is plain (raw_text): no mrkdwn escaping is needed or wanted.
 */
export function mraTableBlock(t: MraTable, urlOf: (n: number) => string | undefined): KnownBlock {
  const header = t.columns.map((c) => boldCell(c.label));
  const rows = t.rows.slice(0, TABLE_LIMITS.rows - 1).map((row) => t.columns.map((c, i): Cell => {
    const text = String(row[c.key] ?? '');
    const n = typeof row.n === 'number' ? row.n : undefined;
    if (i > 0 || n === undefined) return rawCell(text);
    const url = urlOf(n);
    const label = `[${n}]`;
    const cite: Inline = url && /^https?:\/\/\S+$/i.test(url) ? { type: 'link', url, text: label } : { type: 'text', text: label };
    return richCell([{ type: 'text', text: `${cellText(text)} ` }, cite]);
  }));
  // The first column (the partner) wraps; the short ones (status, dates) do not.
  return { type: 'table', rows: [header, ...rows], column_settings: t.columns.map((_, i) => ({ is_wrapped: i === 0 })) };
}

/**
 * Programmes compared: one section per field, one section field per programme (Slack shows them two per row).
 * Values are escaped first and then cut, so no field ever exceeds Slack's 2,000 characters (an escaped `&` is 5).
 */
export function comparisonBlocks(
  t: ComparisonTable, citeLinks: (mrkdwn: string) => string, maxChars = 8000,
): KnownBlock[] {
  const columns = t.columns.slice(0, 10);
  // A section's fields share the message's text budget.
  const perField = Math.min(FIELD_MAX, Math.floor(maxChars / Math.max(1, columns.length)));
  return t.rows.map((row) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: `*${escapeWithin(row.label, 200)}*` },
    fields: columns.map((c, i) => {
      const head = `*${escapeWithin(c.label, 100)}*${c.n ? citeLinks(` [${c.n}]`) : ''}\n`;
      const value = escapeWithin(String(row.values[i] ?? ''), Math.max(1, perField - head.length)) || '-';
      return { type: 'mrkdwn' as const, text: `${head}${value}` };
    }),
  }));
}
