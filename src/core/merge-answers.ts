import { withoutMarkers } from '../answering/citations.js';
import type { Answer, Citation } from './answer.js';

/**
 * One answer from the answers to each part of a message: their texts in order, citations renumbered into one
 * list (a passage cited by two parts keeps one number), sentences a later part repeats left out, notes once at the end.
 */
export function mergeAnswers(parts: Answer[]): Answer {
  const [first] = parts;
  if (!first) throw new Error('mergeAnswers: no answers');
  if (parts.length === 1) return first;
  const citations: Citation[] = [];
  const numberOf = (c: Citation) => {
    const key = `${c.source}#${c.section ?? ''}`;
    let found = citations.find((x) => `${x.source}#${x.section ?? ''}` === key);
    if (!found) {
      found = { ...c, n: citations.length + 1 };
      citations.push(found);
    }
    return found.n;
  };
  const bodies: string[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const a of parts) {
    const map = new Map(a.citations.map((c) => [c.n, numberOf(c)]));
    const text = a.answer.replace(/\[(\d+)\]/g, (m, n: string) => (map.has(Number(n)) ? `[${map.get(Number(n))}]` : m));
    const { body, note } = splitNotes(text);
    const lines = body.split('\n').map((l) => unseenSentences(l, seen));
    if (lines.some((l) => l.trim())) bodies.push(lines.join('\n').replace(/\n{3,}/g, '\n\n').trim());
    if (note && !notes.includes(note)) notes.push(note);
  }
  return {
    ...first,
    answer: [...bodies, notes.join(' ')].filter(Boolean).join('\n\n'),
    citations,
    confidence: Math.max(...parts.map((a) => a.confidence)),
    followUps: [...new Set(parts.flatMap((a) => a.followUps))].slice(0, Math.max(3, first.followUps.length)),
  };
}

/** A cited sentence ends at its marker ("... fee [1]." or "... fee [1]"); the next one starts after a space. */
const SENTENCE_END = /(?<=\[\d+\][.!?]?)\s+(?=\S)/;

/** The line without the cited sentences an earlier part already gave (compared without their markers). */
function unseenSentences(line: string, seen: Set<string>): string {
  const kept = line.split(SENTENCE_END).filter((sentence) => {
    const key = withoutMarkers(sentence).trim();
    if (!key) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept.join(' ');
}

/** A last paragraph without citation markers is the answer's notes ("As of ...", "quoted from English"). */
function splitNotes(text: string): { body: string; note?: string } {
  const at = text.lastIndexOf('\n\n');
  if (at < 0) return { body: text };
  const tail = text.slice(at + 2).trim();
  return /\[\d+\]/.test(tail) ? { body: text } : { body: text.slice(0, at), note: tail };
}
