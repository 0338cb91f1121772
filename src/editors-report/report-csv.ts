import type { QuestionRecord } from '../question-log/types.js';

const COLUMNS = ['at', 'answerId', 'channel', 'user', 'language', 'kind', 'declined', 'confidence', 'question', 'questionHash',
  'cited', 'helpful', 'comment', 'ms'] as const;

/** One CSV field (RFC 4180); a leading = + - @ is prefixed so a spreadsheet never runs it as a formula. */
function field(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The question log as CSV, one row per answered question, its rating joined. */
export function logCsv(records: QuestionRecord[]): string {
  const rows = records.map((r) => [
    r.at, r.answerId, r.channel, r.user, r.language, r.kind, r.declined, r.confidence, r.question, r.questionHash,
    r.cited.map((c) => (c.section ? `${c.source}#${c.section}` : c.source)).join(' '), r.feedback?.helpful, r.feedback?.comment, r.ms,
  ].map(field).join(','));
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
