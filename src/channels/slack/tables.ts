import type { types } from '@slack/bolt';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

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

const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const CELL_MAX: Record<string, number> = { partner: 32 };

/** MRA rows as a monospaced table in code-block sections (Slack has no general table block in messages). */
export function mraTableBlocks(t: MraTable): KnownBlock[] {
  const columns = [{ key: 'n', label: '#' }, ...t.columns];
  const cell = (row: Record<string, unknown>, key: string) => truncate(String(row[key] ?? '').replace(/\s+/g, ' '), CELL_MAX[key] ?? 20);
  const table = [Object.fromEntries(columns.map((c) => [c.key, c.label])), ...t.rows];
  const widths = columns.map((c) => Math.max(...table.map((r) => cell(r, c.key).length)));
  const lines = table.map((r) => columns.map((c, i) => cell(r, c.key).padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  const blocks: KnownBlock[] = [];
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${chunk.join('\n')}\`\`\`` } });
    chunk = [];
  };
  for (const line of lines.map(escapeMrkdwn)) {
    if ([...chunk, line].join('\n').length + 6 > SECTION_MAX) flush();
    chunk.push(line);
  }
  flush();
  return blocks;
}

/** Programmes compared: one section per field, one section field per programme (Slack shows them two per row). */
export function comparisonBlocks(t: ComparisonTable, citeLinks: (mrkdwn: string) => string): KnownBlock[] {
  const columns = t.columns.slice(0, 10);
  return t.rows.map((row) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: `*${escapeMrkdwn(truncate(row.label, 200))}*` },
    fields: columns.map((c, i) => ({
      type: 'mrkdwn' as const,
      // Cut before escaping, so an entity or link is never cut in half.
      text: `*${escapeMrkdwn(truncate(c.label, 100))}*${c.n ? citeLinks(` [${c.n}]`) : ''}\n${escapeMrkdwn(truncate(String(row.values[i] ?? ''), FIELD_MAX - 400))}`,
    })),
  }));
}
