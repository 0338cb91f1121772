import { randomUUID } from 'node:crypto';
import { CardFactory, MessageFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Messages } from '../../i18n/messages.js';
import type { SessionStore } from '../../state/session-store.js';
import { submit } from './card-actions.js';
import { escapeMarkdown, truncate } from './card-text.js';
import { baseConversationId } from './sent-answers.js';

/** Sends a message into another conversation (botbuilder's continueConversationAsync, bound to the adapter). */
export type Proactive = (
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<void>;

/** A forwarded question; stays on the server under an opaque id, so a click can never choose where the bot posts. */
export interface ExpertTicket {
  question: string;
  answer: string;
  lang: string;
  user: string;
  asker: Partial<ConversationReference>;
}

export type ResolveOutcome = 'resolved' | 'not-experts-conversation' | 'unknown-ticket';

const KEEP_MS = 30 * 24 * 60 * 60_000;

/**
 * "Ask a customs expert": posts the question and the bot's answer into the configured experts conversation with a
 * "Mark resolved" button; resolving (accepted only from that conversation) tells the asker in their own chat.
 */
export class ExpertDesk {
  constructor(
    private readonly experts: Partial<ConversationReference> & { conversation: { id: string } },
    private readonly tickets: SessionStore<ExpertTicket>,
    private readonly proactive: Proactive,
    private readonly messages: Messages,
  ) {}

  async forward(ticket: ExpertTicket, botAccount: ConversationReference['bot'] | undefined): Promise<string> {
    const id = randomUUID();
    await this.tickets.set(id, ticket, KEEP_MS);
    const t = (k: string, v: Record<string, string> = {}) => this.messages.text(ticket.lang, k, v);
    const card = {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [
        {
          type: 'TextBlock',
          text: escapeMarkdown(t('expert_request', { user: ticket.user })),
          weight: 'Bolder',
          wrap: true,
        },
        { type: 'TextBlock', text: escapeMarkdown(truncate(ticket.question, 1000)), wrap: true },
        {
          type: 'TextBlock',
          text: escapeMarkdown(t('expert_bot_answer')),
          weight: 'Bolder',
          wrap: true,
          spacing: 'Medium',
        },
        { type: 'TextBlock', text: escapeMarkdown(truncate(ticket.answer, 3000)), wrap: true, isSubtle: true },
      ],
      actions: [submit(t('expert_resolve'), { action: 'resolve', ticket: id })],
    };
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    message.text = truncate(`${t('expert_request', { user: ticket.user })} ${ticket.question}`, 160);
    await this.proactive(
      { ...this.experts, ...(botAccount ? { bot: botAccount } : {}) },
      async (ctx) => void (await ctx.sendActivity(message)),
    );
    return id;
  }

  /** A resolve click counts only from the experts conversation, and only for a ticket the bot issued. */
  async resolve(ticketId: string, fromConversationId: string): Promise<{ outcome: ResolveOutcome; lang?: string }> {
    if (baseConversationId(fromConversationId) !== baseConversationId(this.experts.conversation.id)) {
      return { outcome: 'not-experts-conversation' };
    }
    const ticket = await this.tickets.get(ticketId);
    if (!ticket) return { outcome: 'unknown-ticket' };
    await this.tickets.delete(ticketId);
    const text = this.messages.text(ticket.lang, 'expert_resolved_asker', { question: truncate(ticket.question, 500) });
    await this.proactive(ticket.asker, async (ctx) => void (await ctx.sendActivity(text)));
    return { outcome: 'resolved', lang: ticket.lang };
  }
}
