import type { Citation } from '../core/answer.js';
import type { Chunk } from '../knowledge/types.js';

/** Numbers chunks in order of first use; the same section cited twice keeps its number. */
export class CitationList {
  private readonly byKey = new Map<string, Citation>();

  cite(chunk: Chunk): number {
    const key = `${chunk.file}#${chunk.headings.join('/')}`;
    const existing = this.byKey.get(key);
    if (existing) return existing.n;
    const n = this.byKey.size + 1;
    const url = chunk.sources.find((s) => /^https?:\/\//.test(s))?.split(/\s/)[0];
    this.byKey.set(key, {
      n,
      title: chunk.title,
      source: chunk.file,
      ...(url ? { url } : {}),
      ...(chunk.headings.length ? { section: chunk.headings.join(' > ') } : {}),
      ...(chunk.updated ? { updated: chunk.updated } : {}),
      sources: chunk.sources,
    });
    return n;
  }

  list(): Citation[] {
    return [...this.byKey.values()];
  }

  /** The oldest `updated` date among cited sources: the honest "as of" for the whole answer. */
  asOf(): string | undefined {
    return this.list().map((c) => c.updated).filter((d): d is string => !!d).sort()[0];
  }
}

/** The text without its citation markers ("[1]"), which are neither words nor figures. */
export function withoutMarkers(text: string): string {
  return text.replace(/\s*\[\d+\]/g, '');
}

/** Puts a citation marker before the unit's closing punctuation: "... 120 days [1]." */
export function withMarker(text: string, n: number): string {
  const m = /^(.*?)([.!?]+["”)]?)?$/s.exec(text.trim());
  const body = m?.[1] ?? text;
  const end = m?.[2] ?? '.';
  return `${body} [${n}]${end}`;
}

/**
 * A chosen sentence with its citation, in an answer in `lang`: a sentence from an English page inside a Spanish
 * or French answer is quoted «...», so it is never passed off as the user's language (the notes say why).
 */
export function citedText(text: string, chunk: Chunk, lang: string, n: number): string {
  if (lang === 'en' || chunk.language !== 'en') return withMarker(text, n);
  return `${quoted(text, lang)} [${n}]`;
}

/** A sentence shown without a citation (a decline saying what the page says): quoted when it is English in es/fr. */
export function sentenceIn(text: string, chunk: Chunk, lang: string): string {
  return lang === 'en' || chunk.language !== 'en' ? text : quoted(text, lang);
}

function quoted(text: string, lang: string): string {
  const t = text.trim();
  const body = /[.!?]$/.test(t) ? t : `${t}.`;
  return lang === 'fr' ? `« ${body} »` : `«${body}»`;
}

/** True when an answer in `lang` quotes an English source. */
export function quotesEnglish(cited: Chunk[], lang: string): boolean {
  return lang !== 'en' && cited.some((c) => c.language === 'en');
}
