import { contentTokens } from '../answering/text.js';
import { wordTokens, type WordToken } from '../understanding/word-tokens.js';

/** How a message that asks two things is cut (data/understanding/intents.json, `parts`). */
export interface PartsData {
  minWords: number;
  /** Words a question after a question mark may put before its ask word ("and roughly how long does it take"). */
  leadWords: number;
  joiners: Record<string, string[]>;
  askWords: Record<string, string[]>;
}

/**
 * "SENAE: is it free? who can apply?", "When did CTPAT start, and what triggered it?": the questions a message
 * asks, in order. A part starts after a question mark, or at a joiner ("and", "y", "et") followed by an ask word;
 * a would-be part with too few words of its own ("and when?") stays with the one before. After a question mark, a
 * few words may come before the ask word ("and roughly how long does it take?").
 */
export class QuestionParts {
  private readonly joiners: Set<string>;
  /** Ask phrases by their first word: asksAt runs at every word of every part, over ~100 phrases. */
  private readonly asksByFirst = new Map<string, string[][]>();
  /** An ask phrase with no word asks at every position (kept as the plain list did). */
  private readonly emptyAsk: boolean;
  private readonly singleAsks: Set<string>;

  constructor(private readonly data: PartsData) {
    this.joiners = new Set(Object.values(data.joiners).flat());
    const asks = Object.values(data.askWords).flat().map((a) => wordTokens(a).map((t) => t.norm));
    for (const ask of asks) {
      const first = ask[0];
      if (first !== undefined) this.asksByFirst.set(first, [...(this.asksByFirst.get(first) ?? []), ask]);
    }
    this.emptyAsk = asks.some((a) => !a.length);
    this.singleAsks = new Set(asks.filter((a) => a.length === 1).map((a) => a[0] as string));
  }

  split(text: string): string[] {
    const out: string[] = [];
    for (const piece of text.split(/(?<=\?)/)) {
      for (const [k, part] of this.atJoiners(piece).entries()) {
        if (!part.replace(/[?¿\s]+/g, '')) continue;
        // Only a part opening a piece (after a question mark) may lead in with other words; a cut at a joiner
        // already stands on an ask word.
        const alone = this.standsAlone(part, k === 0 ? this.data.leadWords : 0);
        if (out.length && !alone) out[out.length - 1] = `${out[out.length - 1]} ${part.trim()}`;
        else out.push(alone ? alone : part.trim());
      }
    }
    return out.length ? out : [text];
  }

  private atJoiners(piece: string): string[] {
    const tokens = wordTokens(piece);
    const cuts: number[] = [];
    for (let i = 1; i < tokens.length - 1; i++) {
      const t = tokens[i] as WordToken;
      if (this.joiners.has(t.norm) && this.asksAt(tokens, i + 1)) cuts.push(t.start);
    }
    const parts: string[] = [];
    let from = 0;
    for (const at of cuts) {
      parts.push(piece.slice(from, at).replace(/[\s,;]+$/, ''));
      from = at;
    }
    parts.push(piece.slice(from));
    return parts;
  }

  /**
   * The part without its joiner when it is a question of its own: it opens with an ask word and has words of its
   * own besides ("y cuánto se ahorra" -> "cuánto se ahorra"; not "and when?", not "y los agentes de aduana?").
   */
  private standsAlone(part: string, lead: number): string | undefined {
    let tokens = wordTokens(part);
    let text = part.trim();
    const first = tokens[0];
    if (first && this.joiners.has(first.norm)) {
      text = part.slice(tokens[1]?.start ?? part.length).trim();
      tokens = tokens.slice(1);
    }
    let at = 0;
    while (at <= lead && at < tokens.length && !this.asksAt(tokens, at)) at++;
    if (at > lead || at >= tokens.length) return undefined;
    return contentTokens(text).filter((w) => !this.isAsk(w)).length >= this.data.minWords ? text : undefined;
  }

  private asksAt(tokens: WordToken[], i: number): boolean {
    if (this.emptyAsk) return true;
    const first = tokens[i];
    const candidates = first && this.asksByFirst.get(first.norm);
    return !!candidates && candidates.some((ask) => ask.every((w, k) => tokens[i + k]?.norm === w));
  }

  private isAsk(word: string): boolean {
    return this.singleAsks.has(word);
  }
}
