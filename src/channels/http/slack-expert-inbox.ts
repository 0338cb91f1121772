import { webApi } from '@slack/bolt';
import type { Messages } from '../../i18n/messages.js';
import type { Logger } from '../../logging/logger.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { escapeMrkdwn, truncate } from '../slack/mrkdwn.js';
import type { ExpertInbox, ExpertRequest } from './expert-inbox.js';

export interface SlackExpertsTarget {
  botToken: string;
  channel: string;
  /** The Web API base URL (a local fake in tests). */
  apiUrl?: string;
}

const quote = (s: string) => escapeMrkdwn(s).split('\n').map((l) => `>${l}`).join('\n');
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

/**
 * Web questions for the Slack experts channel, posted as the Slack channel's own hand-offs are (question, the bot's
 * answer), with the asker's e-mail instead of a thread: the asker is on the web, so there is no "Mark resolved".
 */
export class SlackExpertInbox implements ExpertInbox {
  readonly target = 'slack' as const;
  private readonly client: webApi.WebClient;
  private readonly log: Logger;

  constructor(private readonly slack: SlackExpertsTarget, private readonly messages: Messages, logger: Logger) {
    this.log = logger.child({ module: 'web-experts', target: 'slack' });
    this.client = new webApi.WebClient(slack.botToken, {
      ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
      logger: boltLogger(this.log),
      retryConfig: { retries: 1 },
    });
  }

  async forward(r: ExpertRequest): Promise<void> {
    const t = (k: string, v: Record<string, string> = {}) => this.messages.text(r.language, k, v);
    const request = t('expert_request', { user: t('web_expert_asker') });
    const reply = r.email ? t('web_expert_reply_to', { email: r.email }) : t('web_expert_no_email');
    await this.client.chat.postMessage({
      channel: this.slack.channel,
      text: `${escapeMrkdwn(request)} ${escapeMrkdwn(truncate(r.question, 500))}`,
      unfurl_links: false,
      blocks: [
        section(`*${escapeMrkdwn(request)}*\n${quote(truncate(r.question, 1000))}`),
        section(`*${escapeMrkdwn(t('expert_bot_answer'))}*\n${quote(truncate(r.answer, 2000))}`),
        { type: 'context', elements: [{ type: 'plain_text', text: truncate(reply, 300) }] },
      ],
    });
    this.log.info({ answerId: r.answerId, email: Boolean(r.email) }, 'web question forwarded to the Slack experts');
  }
}
