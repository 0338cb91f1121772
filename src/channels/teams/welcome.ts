import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { Messages } from '../../i18n/messages.js';
import { layOutActions, submit } from './card-actions.js';
import { escapeMarkdown } from './card-text.js';

/** The welcome sent once when the bot is installed or added: what it does, and example questions as buttons. */
export function welcomeActivity(m: Messages, lang: string): Partial<Activity> {
  const intro = m.text(lang, 'teams_welcome');
  const examples = m.list(lang, 'decline_suggestions');
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: escapeMarkdown(intro), wrap: true }],
    actions: layOutActions(
      examples.map((q) => submit(q, { action: 'ask', text: q })),
      m.text(lang, 'teams_more'),
    ),
  };
  const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  message.text = intro;
  return message;
}
