import { CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import type { Messages } from '../../i18n/messages.js';
import type { Logger } from '../../logging/logger.js';
import { escapeMarkdown, truncate } from '../teams/card-text.js';
import type { ExpertInbox, ExpertRequest } from './expert-inbox.js';

export interface TeamsExpertsTarget {
  conversationId: string;
  serviceUrl: string;
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId?: string;
}

/**
 * Web questions for the Teams experts conversation: a proactive card (question, the bot's answer, the asker's e-mail)
 * through an adapter of its own, which only sends. The asker is on the web, so the card has no "Mark resolved".
 */
export class TeamsExpertInbox implements ExpertInbox {
  readonly target = 'teams' as const;
  private readonly adapter: CloudAdapter;
  private readonly log: Logger;

  constructor(private readonly teams: TeamsExpertsTarget, private readonly messages: Messages, logger: Logger) {
    const { MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId } = teams;
    this.adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppType,
      ...(MicrosoftAppId ? { MicrosoftAppId } : {}),
      ...(MicrosoftAppPassword ? { MicrosoftAppPassword } : {}),
      ...(MicrosoftAppTenantId ? { MicrosoftAppTenantId } : {}),
    }));
    this.log = logger.child({ module: 'web-experts', target: 'teams' });
  }

  async forward(r: ExpertRequest): Promise<void> {
    const t = (k: string, v: Record<string, string> = {}) => this.messages.text(r.language, k, v);
    const request = t('expert_request', { user: t('web_expert_asker') });
    const reply = r.email ? t('web_expert_reply_to', { email: r.email }) : t('web_expert_no_email');
    const text = (s: string, extra: Record<string, unknown> = {}) => ({
      type: 'TextBlock', text: escapeMarkdown(s), wrap: true, ...extra,
    });
    const card = {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [
        text(request, { weight: 'Bolder' }),
        text(truncate(r.question, 1000)),
        text(t('expert_bot_answer'), { weight: 'Bolder', spacing: 'Medium' }),
        text(truncate(r.answer, 3000), { isSubtle: true }),
        text(reply, { spacing: 'Medium' }),
      ],
    };
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    message.text = truncate(`${request} ${r.question}`, 160);
    const reference = {
      channelId: 'msteams', serviceUrl: this.teams.serviceUrl,
      conversation: { id: this.teams.conversationId, isGroup: true, conversationType: 'channel', name: 'experts' },
    };
    await this.adapter.continueConversationAsync(this.teams.MicrosoftAppId ?? '', reference, async (ctx) => {
      await ctx.sendActivity(message);
    });
    this.log.info({ answerId: r.answerId, email: Boolean(r.email) }, 'web question forwarded to the Teams experts');
  }
}
