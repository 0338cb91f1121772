import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { AppError } from '../errors.js';

/** An alternate question to add to one section of one knowledge page (its `<!-- questions:` block). */
export interface Suggestion {
  /** The page, relative to the knowledge folder. */
  file: string;
  /** The section's heading path, outermost first. */
  headings: string[];
  question: string;
}

/** The reviewed change: the page as it is and as it would be, and the unified diff the editor reads first. */
export interface ProposedChange extends Suggestion {
  /** Hash of the page as read: applying refuses when the page changed since the diff was shown. */
  baseHash: string;
  patch: string;
  after: string;
  /** The section already lists this question: nothing to change. */
  unchanged: boolean;
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;
const OPEN = /^\s*<!--\s*questions\s*:\s*$/i;
const CLOSE = /^\s*-->\s*$/;

export const contentHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The page's path inside the knowledge folder; anything else (`../`, absolute, not Markdown) is refused. */
export function knowledgePath(knowledgeDir: string, file: string): string {
  const root = resolve(knowledgeDir);
  const abs = resolve(root, file);
  if (!abs.startsWith(root + sep) || !/\.(md|markdown)$/i.test(file)) {
    throw new AppError('BAD_REQUEST', 'Suggestions go into Markdown pages of the knowledge folder only.');
  }
  return abs;
}

/** The page with `question` added to the section's alternate questions (a new block right under its heading). */
export function withQuestion(text: string, headings: string[], question: string): { after: string; unchanged: boolean } {
  const q = question.replace(/\s+/g, ' ').trim();
  if (!q || q.length > 300 || /-->|<!--/.test(q)) throw new AppError('BAD_REQUEST', 'The question must be 1-300 characters of plain text.');
  const lines = text.split('\n');
  const at = headingLine(lines, headings);
  if (at < 0) throw new AppError('NOT_FOUND', `No section "${headings.join(' > ')}" in this page (it changed?).`);
  let i = at + 1;
  while (i < lines.length && !lines[i]?.trim()) i += 1;
  if (OPEN.test(lines[i] ?? '')) {
    let end = i + 1;
    while (end < lines.length && !CLOSE.test(lines[end] ?? '')) end += 1;
    const listed = lines.slice(i + 1, end).map((l) => l.replace(/^\s*[-*]\s+/, '').trim().toLowerCase());
    if (listed.includes(q.toLowerCase())) return { after: text, unchanged: true };
    lines.splice(end, 0, `- ${q}`);
  } else {
    lines.splice(at + 1, 0, '<!-- questions:', `- ${q}`, '-->');
  }
  return { after: lines.join('\n'), unchanged: false };
}

/** The line of the section's heading: the path matched level by level, outside code fences. */
function headingLine(lines: string[], headings: string[]): number {
  const stack: { level: number; text: string }[] = [];
  let fenced = false;
  for (const [i, line] of lines.entries()) {
    if (FENCE.test(line)) fenced = !fenced;
    const m = fenced ? null : HEADING.exec(line);
    if (!m) continue;
    const level = m[1]?.length ?? 1;
    while (stack.length && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
    stack.push({ level, text: m[2] ?? '' });
    const path = stack.map((h) => h.text);
    if (path.length >= headings.length && headings.every((h, k) => path[path.length - headings.length + k] === h)) return i;
  }
  return -1;
}

/** Reads the page and shows the change as a diff; nothing is written. */
export async function proposeQuestion(knowledgeDir: string, s: Suggestion): Promise<ProposedChange> {
  const before = await readFile(knowledgePath(knowledgeDir, s.file), 'utf8');
  const { after, unchanged } = withQuestion(before, s.headings, s.question);
  const patch = createTwoFilesPatch(`a/knowledge/${s.file}`, `b/knowledge/${s.file}`, before, after, '', '', { context: 3 });
  return { ...s, baseHash: contentHash(before), patch: patch.replace(/^=+\n/, ''), after, unchanged };
}

/** Writes the reviewed change, only if the page is still the one the diff was made from. */
export async function applyQuestion(knowledgeDir: string, s: Suggestion, baseHash: string): Promise<ProposedChange> {
  const change = await proposeQuestion(knowledgeDir, s);
  if (change.baseHash !== baseHash) throw new AppError('CONFLICT', 'The page changed since the diff was shown: review the new diff.');
  if (!change.unchanged) await writeFile(knowledgePath(knowledgeDir, s.file), change.after);
  return change;
}
