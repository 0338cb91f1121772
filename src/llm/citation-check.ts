import { CitationList } from '../answering/citations.js';
import type { Chunk } from '../knowledge/types.js';

import { streamedContentCheck, type ContentFailure } from './answer-content.js';
import { findMarkers, hasMarker, replaceMarkers } from './citation-markers.js';
/** "I don't know" as the prompt asks for it, in the three languages. */
const DECLINE = /(?<!\p{L})(?:I don[’']?t know|I do not know|no (?:lo )?s[eé]|je ne (?:le )?sais pas)(?!\p{L})/iu;
/** A paragraph or list item this long states something, so it must cite a passage. */
const CLAIM_WORDS = 6;

export type CheckFailure = 'empty' | 'model_declined' | 'no_citation' | 'unknown_citation' | 'uncited_claim';

/**
 * Why a model's answer cannot be shown, or undefined when it can: it must cite, cite only the `given` passages, and
 * carry a citation in every paragraph or list item that states something (a lead-in ending with ":" may not).
 */
export function checkGrounded(text: string, given: number): CheckFailure | undefined {
  const t = text.trim();
  if (!t) return 'empty';
  const cited = citedNumbers(t);
  if (!cited.length) return DECLINE.test(t) ? 'model_declined' : 'no_citation';
  if (cited.some((n) => n < 1 || n > given)) return 'unknown_citation';
  if (blocks(t).some(uncited)) return 'uncited_claim';
  return undefined;
}

/** Every passage number the text cites, in order (repeats kept). */
export function citedNumbers(text: string): number[] {
  return findMarkers(text).flatMap((m) => numbers(m.list));
}

/**
 * The model's passage numbers replaced by the answer's citation numbers, in order of first use (the same section
 * cited through two passages keeps one number); numbers of no given passage are left as they are.
 */
export function renumber(text: string, passages: Chunk[]): { text: string; citations: CitationList; cited: Chunk[] } {
  const citations = new CitationList();
  const cited = new Set<Chunk>();
  const out = replaceMarkers(text, (marker, list) => {
    const chunks = numbers(list).map((n) => passages[n - 1]);
    if (!chunks.every((c): c is Chunk => c !== undefined)) return marker;
    for (const c of chunks) cited.add(c);
    return [...new Set(chunks.map((c) => citations.cite(c)))].map((n) => `[${n}]`).join('');
  });
  // Two passages of one section cited side by side ("[1][4]") are one citation.
  return { text: out.replace(/(\[\d+\])\1+/g, '$1'), citations, cited: [...cited] };
}

/**
 * Streamed text with its citations renumbered as they arrive, so a channel shows the numbers of the final answer.
 * A marker still open ("[1, ") is held back until it closes, and the last word until it ends: a link or address is
 * shown only whole, once streamedContentCheck passed it. What that check refuses stops the stream for good (the
 * final answer is then the extractive one); `flush` sends the held rest once the whole answer passed its checks.
 */
export class CitationStream {
  private raw = '';
  private sent = '';
  private stopped = false;
  private readonly check: (text: string) => ContentFailure | undefined;

  constructor(private readonly passages: Chunk[], private readonly emit: (delta: string) => void) {
    this.check = streamedContentCheck(passages);
  }

  push(delta: string): void {
    this.raw += delta;
    if (this.stopped) return;
    const open = this.raw.lastIndexOf('[');
    const held = open >= 0 && !this.raw.includes(']', open) && this.raw.length - open < 16;
    const upTo = held ? open : this.raw.length;
    let end = upTo;
    while (end > 0 && !/\s/.test(this.raw[end - 1]!)) end--;
    this.send(this.raw.slice(0, end));
  }

  /** Sends what is still held back (the answer passed its checks). */
  flush(): void {
    if (!this.stopped) this.send(this.raw);
  }

  private send(shown: string): void {
    if (this.check(shown)) {
      this.stopped = true;
      return;
    }
    const out = renumber(shown, this.passages).text;
    if (out.length > this.sent.length && out.startsWith(this.sent)) {
      this.emit(out.slice(this.sent.length));
      this.sent = out;
    }
  }
}

function numbers(list: string): number[] {
  return list.split(/[,;]/).flatMap((part) => {
    const [from, to] = part.split(/[-–]/).map((s) => Number(s.trim()));
    if (from === undefined || to === undefined) return [from ?? 0];
    // A range is read as the passages it spans (at most the 50 a prompt could hold).
    return to >= from && to - from < 50 ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [from, to];
  });
}

/** Paragraphs and list items. */
function blocks(text: string): string[] {
  return text.split(/\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)/).map((b) => b.trim()).filter(Boolean);
}

function uncited(block: string): boolean {
  if (hasMarker(block) || block.trimEnd().endsWith(':')) return false;
  return (block.match(/\p{L}+/gu) ?? []).length >= CLAIM_WORDS;
}
