import { createHash } from 'node:crypto';
import type { Chunk, KnowledgeDoc } from './types.js';

/** Bumped whenever chunking changes, so a stale index is rebuilt. */
export const CHUNKER_VERSION = 'md-headings-v2-questions-html-readability';

const MAX_CHARS = 1200;

interface Section { headings: string[]; lines: { text: string; line: number }[]; questions: string[] }

/** `<!-- questions:` opens a section's block of alternate questions, one `- question` a line, closed by `-->`. */
const QUESTIONS_OPEN = /^\s*<!--\s*questions\s*:\s*$/i;
const QUESTIONS_CLOSE = /^\s*-->\s*$/;
const QUESTION_ITEM = /^\s*[-*]\s+(\S.*)$/;

/** Splits a document along its headings; long sections are split on paragraph boundaries. */
export function chunkDocument(doc: KnowledgeDoc): Chunk[] {
  const sections = splitSections(doc);
  const chunks: Chunk[] = [];
  for (const section of sections) {
    for (const [part, piece] of splitLong(section.lines).entries()) {
      const text = piece.map((l) => l.text).join('\n').trim();
      if (!/[\p{L}\p{N}]/u.test(text)) continue;
      const first = piece[0];
      const last = piece[piece.length - 1];
      if (!first || !last) continue;
      chunks.push({
        id: chunkId(doc.file, section.headings, part),
        file: doc.file,
        title: doc.meta.title,
        headings: section.headings,
        text,
        lineStart: first.line,
        lineEnd: last.line,
        language: doc.meta.language,
        jurisdictions: doc.meta.jurisdictions,
        topics: doc.meta.topics,
        kind: doc.meta.kind,
        sources: doc.meta.sources,
        updated: doc.meta.updated,
        ...(section.questions.length ? { questions: section.questions } : {}),
      });
    }
  }
  return chunks;
}

function splitSections(doc: KnowledgeDoc): Section[] {
  const stack: { level: number; text: string }[] = [];
  const sections: Section[] = [{ headings: [], lines: [], questions: [] }];
  let inFence = false;
  let inQuestions = false;
  doc.body.split(/\r?\n/).forEach((text, i) => {
    const line = doc.bodyStartLine + i;
    if (inQuestions) {
      if (QUESTIONS_CLOSE.test(text)) inQuestions = false;
      else {
        const q = QUESTION_ITEM.exec(text)?.[1]?.trimEnd();
        if (q) sections[sections.length - 1]?.questions.push(q);
      }
      return;
    }
    if (!inFence && QUESTIONS_OPEN.test(text)) {
      inQuestions = true;
      return;
    }
    if (/^\s*```/.test(text)) inFence = !inFence;
    const h = inFence ? undefined : parseHeading(text);
    if (h) {
      const { level } = h;
      while (stack.length && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
      stack.push(h);
      // The document title (a lone H1) is already the chunk title: keep it out of the path.
      const headings = stack.filter((s) => !(s.level === 1 && s.text === doc.meta.title)).map((s) => s.text);
      sections.push({ headings, lines: [], questions: [] });
      return;
    }
    sections[sections.length - 1]?.lines.push({ text, line });
  });
  return sections.filter((s) => s.lines.some((l) => l.text.trim()));
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/**
 * An ATX heading ("## Title ##"): 1-6 '#', whitespace, text, optional closing '#'s. Scanned by hand: the regex
 * `(.+?)\s*#*\s*$` it replaces backtracked cubically on a heading padded with thousands of spaces.
 */
export function parseHeading(line: string): { level: number; text: string } | undefined {
  let level = 0;
  while (line[level] === '#') level++;
  if (level < 1 || level > 6 || !isSpace(line[level])) return undefined;
  let start = level;
  while (isSpace(line[start])) start++;
  let end = line.length;
  while (end > start && isSpace(line[end - 1])) end--;
  const beforeHashes = end;
  while (end > start && line[end - 1] === '#') end--;
  while (end > start && isSpace(line[end - 1])) end--;
  // A heading of only '#'s ("## #") keeps its first one as text, as the old pattern did.
  if (end === start) end = beforeHashes > start ? start + 1 : start;
  return end > start ? { level, text: line.slice(start, end) } : undefined;
}

function splitLong(lines: Section['lines']): Section['lines'][] {
  const pieces: Section['lines'][] = [];
  let current: Section['lines'] = [];
  let size = 0;
  for (const l of lines) {
    const paragraphBreak = !l.text.trim();
    if (paragraphBreak && size >= MAX_CHARS) {
      pieces.push(current);
      current = [];
      size = 0;
      continue;
    }
    if (!current.length && paragraphBreak) continue;
    current.push(l);
    size += l.text.length + 1;
  }
  if (current.length) pieces.push(current);
  // Trailing blank lines are not part of the cited range.
  return pieces.map((p) => {
    let end = p.length;
    while (end > 0 && !p[end - 1]?.text.trim()) end--;
    return p.slice(0, end);
  });
}

function chunkId(file: string, headings: string[], part: number): string {
  const h = createHash('sha1').update(`${file}\u0000${headings.join('\u0000')}\u0000${part}`).digest('hex');
  return h.slice(0, 16);
}
