import { CardFactory, MessageFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Messages } from '../../i18n/messages.js';

/** Sends a message into another conversation (botbuilder's continueConversationAsync, bound to the adapter). */
export type Proactive = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

export interface ExpertRequest {
  question: string;
  answer: string;
  lang: string;
  user: string;
  asker: Partial<ConversationReference>;
}

/**
 * "Ask a customs expert": posts the question and the bot's answer into the configured experts channel with a
 * "Mark resolved" button; resolving tells the asker in their own conversation.
 */
export class ExpertDesk {
  constructor(private readonly experts: Partial<ConversationReference>, private readonly proactive: Proactive, private readonly messages: Messages) {}

  async forward(req: ExpertRequest, botAccount: ConversationReference['bot'] | undefined): Promise<void> {
    const t = (k: string, v: Record<string, string> = {}) => this.messages.text(req.lang, k, v);
    const card = {
      type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5',
      body: [
        { type: 'TextBlock', text: t('expert_request', { user: req.user }), weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: req.question, wrap: true },
        { type: 'TextBlock', text: t('expert_bot_answer'), weight: 'Bolder', wrap: true, spacing: 'Medium' },
        { type: 'TextBlock', text: req.answer.slice(0, 1500), wrap: true, isSubtle: true },
      ],
      actions: [{ type: 'Action.Submit', title: t('expert_resolve'), data: { action: 'resolve', question: req.question.slice(0, 500), lang: req.lang, asker: req.asker } }],
    };
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    message.text = `${t('expert_request', { user: req.user })} ${req.question}`;
    await this.proactive({ ...this.experts, ...(botAccount ? { bot: botAccount } : {}) }, async (ctx) => void (await ctx.sendActivity(message)));
  }

  async resolve(asker: Partial<ConversationReference>, question: string, lang: string): Promise<void> {
    await this.proactive(asker, async (ctx) => void (await ctx.sendActivity(this.messages.text(lang, 'expert_resolved_asker', { question }))));
  }
}
