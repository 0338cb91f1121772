import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Answer } from '../../core/answer.js';
import type { Messages } from '../../i18n/messages.js';
import type { Logger } from '../../logging/logger.js';
import { answerCards } from './adaptive-card.js';
import type { CardElement } from './card-actions.js';
import { packCards } from './card-split.js';
import { escapeMarkdown, summaryText } from './card-text.js';
import { aiMessageEntities } from './ai-entities.js';

/** Where Teams' own feedback loop and AI label work: one-to-one and group chats (not channel posts). */
export const isChat = (conversationType: string | undefined): boolean =>
  conversationType === 'personal' || conversationType === 'groupChat';

export interface ReplyOptions {
  answerId: string;
  conversationType: string | undefined;
  experts: boolean;
}

/**
 * One answer as Teams messages: normally one card; a few when one would be over Teams' size limit. `text` is a
 * short summary for notifications; the feedback control (Teams' own in chats, the card's in channels) is on the
 * last message only.
 */
export function answerActivities(a: Answer, m: Messages, o: ReplyOptions): Partial<Activity>[] {
  const chat = isChat(o.conversationType);
  const answerable = !a.declined && a.kind !== 'eligibility' && a.kind !== 'clarify';
  const cards = answerCards(a, m, { answerId: o.answerId, feedbackButtons: !chat, expertButton: o.experts });
  return cards.map((card, i) => {
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    message.text = i === 0 ? summaryText(a) : m.text(a.language, 'teams_continued');
    if (chat) {
      message.entities = aiMessageEntities() as unknown as Activity['entities'];
      if (answerable && i === cards.length - 1) message.channelData = { feedbackLoopEnabled: true };
    }
    return message;
  });
}

const statusOf = (err: unknown) => (err as { statusCode?: number }).statusCode;

/**
 * Sends the answer's messages; one Teams refuses as too large (413) is sent again shortened with a "see more" link
 * to the first source, and if that fails too a plain apology: the user is never left without a reply.
 * Returns the ids Teams gave the messages.
 */
export async function sendAnswer(
  context: TurnContext,
  a: Answer,
  activities: Partial<Activity>[],
  m: Messages,
  log: Logger,
): Promise<string[]> {
  const ids: string[] = [];
  for (const activity of activities) {
    try {
      const res = await context.sendActivity(activity);
      if (res?.id) ids.push(res.id);
    } catch (err) {
      if (statusOf(err) !== 413) throw err;
      log.warn(
        { turnId: context.activity.id, bytes: Buffer.byteLength(JSON.stringify(activity)) },
        'Teams refused an answer message as too large; sending it shortened',
      );
      try {
        const res = await context.sendActivity(shortened(activity, a, m));
        if (res?.id) ids.push(res.id);
      } catch (again) {
        if (statusOf(again) !== 413) throw again;
        // At least the gist: the summary and why the rest is missing.
        const res = await context.sendActivity(`${summaryText(a)}\n\n${m.text(a.language, 'teams_trimmed')}`);
        if (res?.id) ids.push(res.id);
      }
    }
  }
  return ids;
}

const SHORT_BUDGET = 8_000;

function shortened(activity: Partial<Activity>, a: Answer, m: Messages): Partial<Activity> {
  const card = activity.attachments?.[0]?.content as CardElement | undefined;
  const body = (card?.body as CardElement[] | undefined) ?? [];
  const actions = (card?.actions as CardElement[] | undefined) ?? [];
  const url = a.citations.find((c) => c.url)?.url;
  const note = escapeMarkdown(m.text(a.language, 'teams_trimmed'));
  const more = {
    type: 'TextBlock',
    wrap: true,
    weight: 'Bolder',
    text: url ? `${note} [${escapeMarkdown(m.text(a.language, 'teams_see_more'))}](${url})` : note,
  };
  const [first] = packCards(body, [], { fullWidth: !!card?.msteams, continued: '', budget: SHORT_BUDGET });
  const items = [...((first?.body as CardElement[] | undefined) ?? []), more];
  const trimmedCard = { ...card, body: items, ...(actions.length ? { actions } : {}) };
  return { ...activity, attachments: [CardFactory.adaptiveCard(trimmedCard)] };
}
