import type { CountryResolver } from '../mra/country-resolver.js';
import type { SessionStore } from '../state/session-store.js';
import type { Turn } from './answer.js';
import { contentTokens } from '../answering/text.js';

export interface ConversationState {
  /** The last country or union the conversation named, for follow-ups that do not repeat it. */
  country?: string;
  /** A language the user chose for this conversation ("/lang es"), overriding detection. */
  language?: string;
  /** The language of the last question, kept for follow-ups too short to show theirs ("y Chile?", "ctpat?"). */
  spoken?: string;
  turns: Turn[];
}

const MAX_TURNS = 8;

/** Recent turns and the jurisdiction in focus, per conversation, behind the session-store seam. */
export class ConversationMemory {
  constructor(private readonly store: SessionStore<ConversationState>, private readonly resolver: CountryResolver, private readonly ttlMs: number) {}

  async recall(conversationId: string): Promise<ConversationState> {
    return (await this.store.get(conversationId)) ?? { turns: [] };
  }

  async setLanguage(conversationId: string, state: ConversationState, language: string): Promise<void> {
    await this.store.set(conversationId, { ...state, language }, this.ttlMs);
  }

  /** The words of the question that name a given country (names, codes, demonyms). */
  wordsFor(question: string, code: string): string[] {
    return this.resolver.find(question).filter((m) => m.code === code).flatMap((m) => contentTokens(m.text));
  }

  /** Countries named in the question, in order. */
  mentioned(question: string): string[] {
    return [...new Set(this.resolver.find(question).map((m) => m.code))];
  }

  /** Keeps the turn; the country in focus becomes the one the question named (`named`, when understood). */
  async remember(
    conversationId: string, state: ConversationState, question: string, answer: string, named = this.mentioned(question),
    spoken?: string,
  ): Promise<void> {
    const turns = [...state.turns, { role: 'user' as const, text: question }, { role: 'bot' as const, text: answer.slice(0, 1000) }].slice(-MAX_TURNS);
    const country = named.length === 1 ? named[0] : state.country;
    await this.store.set(conversationId, { ...state, country, turns, ...(spoken ? { spoken } : {}) }, this.ttlMs);
  }
}
