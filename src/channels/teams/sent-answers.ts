import type { SessionStore } from '../../state/session-store.js';

/** What the bot answered, kept on the server so cards carry only an opaque answer id. */
export interface SentAnswer {
  question: string;
  answer: string;
  lang: string;
  kind: string;
}

const KEEP_MS = 7 * 24 * 60 * 60_000;

/**
 * Answers sent in Teams by answer id, and the Teams message ids they went out as: Teams' own feedback
 * (message/submitAction) names only the message it is about. Shared state, so any replica can take the click.
 */
export class SentAnswers {
  constructor(
    private readonly answers: SessionStore<SentAnswer>,
    private readonly messageIds: SessionStore<string>,
    private readonly keepMs = KEEP_MS,
  ) {}

  async remember(answerId: string, answer: SentAnswer): Promise<void> {
    await this.answers.set(answerId, answer, this.keepMs);
  }

  async sentAs(answerId: string, conversationId: string, messageId: string): Promise<void> {
    await this.messageIds.set(messageKey(conversationId, messageId), answerId, this.keepMs);
  }

  get(answerId: string): Promise<SentAnswer | undefined> {
    return this.answers.get(answerId);
  }

  async byMessage(
    conversationId: string,
    messageId: string,
  ): Promise<{ answerId: string; answer?: SentAnswer } | undefined> {
    const answerId = await this.messageIds.get(messageKey(conversationId, messageId));
    return answerId ? { answerId, answer: await this.answers.get(answerId) } : undefined;
  }
}

/** A channel reply's conversation id carries ";messageid=..." of its thread; the chat is what identifies it. */
export const baseConversationId = (id: string): string => id.split(';')[0] ?? id;

const messageKey = (conversationId: string, messageId: string) => `${baseConversationId(conversationId)}|${messageId}`;
