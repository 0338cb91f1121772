import { randomUUID } from 'node:crypto';
import { ActivityHandler, ActivityTypes, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import type { AnswerEngine } from '../../core/answer-engine.js';
import type { Answer } from '../../core/answer.js';
import { asAppError } from '../../errors.js';
import type { Messages } from '../../i18n/messages.js';
import { detectLanguage } from '../../i18n/messages.js';
import type { Logger } from '../../logging/logger.js';
import { localeLanguage } from '../../i18n/languages.js';
import type { DedupeStore } from '../../state/dedupe-store.js';
import type { FeedbackStore } from '../../state/feedback-store.js';
import { answerActivities, sendAnswer } from './answer-reply.js';
import type { CardAction } from './card-actions.js';
import { plainIncomingText } from './card-text.js';
import type { ExpertDesk } from './expert-desk.js';
import { readLoopFeedback } from './feedback-loop.js';
import { baseConversationId, type SentAnswers } from './sent-answers.js';
import { welcomeActivity } from './welcome.js';

const DEDUPE_TTL_MS = 10 * 60_000;
/** One welcome per conversation, even when Teams repeats the install event. */
const WELCOME_TTL_MS = 30 * 24 * 60 * 60_000;

export interface TeamsBotDeps {
  engine: AnswerEngine;
  messages: Messages;
  feedback: FeedbackStore;
  dedupe: DedupeStore;
  sent: SentAnswers;
  logger: Logger;
  /** The experts desk, when a Teams experts conversation is configured. */
  experts?: ExpertDesk;
}

/** Turns Teams activities into questions and Answers into Adaptive Cards; nothing here touches the index. */
export class TeamsBot extends ActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Installed in a personal chat, or added to a team or group chat: the bot itself is among the members added.
    // Other people joining are not greeted (that would post into the channel for every newcomer).
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.welcome(context);
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    // Teams resends an activity it got no timely answer for: answer each id once.
    if (activity.id && !(await this.deps.dedupe.firstSeen(`teams:${activity.id}`, DEDUPE_TTL_MS))) return;
    // Where a message came from, for setting up the experts conversation (README, Teams set-up).
    this.deps.logger.debug(
      { turnId: activity.id, conversation: activity.conversation?.id, serviceUrl: activity.serviceUrl },
      'Teams message',
    );
    const value = activity.value as CardAction | undefined;
    if (value?.action === 'feedback') return this.cardFeedback(context, value.answerId, value.helpful === true);
    if (value?.action === 'expert') return this.askExpert(context, String(value.answerId ?? ''));
    if (value?.action === 'resolve') return this.resolve(context, String(value.ticket ?? ''));
    const question =
      value?.action === 'ask'
        ? String(value.text ?? '')
        : value?.action === 'choose'
          ? String(value.choice ?? '')
          : this.typedText(activity);
    await context.sendActivity({ type: ActivityTypes.Typing });
    const conversationId = `teams:${baseConversationId(activity.conversation?.id ?? 'unknown')}`;
    let answer: Answer;
    const answerId = randomUUID();
    try {
      answer = await this.deps.engine.answer(question, { channel: 'teams', conversationId, answerId, userId: this.userId(context) });
    } catch (err) {
      const e = asAppError(err);
      if (e.httpStatus >= 500 && e.code !== 'NOT_READY') throw err;
      await context.sendActivity(this.deps.engine.userMessageFor(e, question ? await detectLanguage(question) : 'en'));
      return;
    }
    await this.reply(context, answer, question, answerId);
  }

  /** The message as typed: the bot's mention removed, `&nbsp;` and other entities decoded. */
  private typedText(activity: Activity): string {
    const withoutMention = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const name = activity.recipient?.name;
    return plainIncomingText(name ? withoutMention.split(`<at>${name}</at>`).join(' ') : withoutMention);
  }

  private async reply(context: TurnContext, a: Answer, question: string, answerId: string): Promise<void> {
    const conversation = context.activity.conversation;
    // Remembered before sending, so a fast click or Teams' feedback finds it on any replica.
    await this.deps.sent.remember(answerId, { question, answer: a.answer, lang: a.language, kind: a.kind });
    const activities = answerActivities(a, this.deps.messages, {
      answerId,
      conversationType: conversation?.conversationType,
      experts: !!this.deps.experts,
    });
    const ids = await sendAnswer(context, a, activities, this.deps.messages, this.deps.logger);
    for (const id of ids) await this.deps.sent.sentAs(answerId, conversation?.id ?? '', id);
  }

  private userId(context: TurnContext): string {
    return context.activity.from?.aadObjectId ?? context.activity.from?.id ?? 'unknown';
  }

  private async cardFeedback(context: TurnContext, answerId: string, helpful: boolean): Promise<void> {
    const sent = await this.deps.sent.get(answerId);
    await this.deps.feedback.record({
      at: new Date().toISOString(),
      channel: 'teams',
      userId: this.userId(context),
      answerId,
      question: sent?.question ?? '',
      helpful,
      ...(sent ? { answerKind: sent.kind } : {}),
    });
    await context.sendActivity(this.deps.messages.text(sent?.lang ?? 'en', 'teams_feedback_thanks'));
  }

  private async askExpert(context: TurnContext, answerId: string): Promise<void> {
    const sent = await this.deps.sent.get(answerId);
    const lang = sent?.lang ?? 'en';
    if (!this.deps.experts) return void (await context.sendActivity(this.deps.messages.text(lang, 'expert_off')));
    if (!sent) return void (await context.sendActivity(this.deps.messages.text(lang, 'teams_expired')));
    // Where to tell the asker comes from this (authenticated) activity, never from the card.
    const asker = TurnContext.getConversationReference(context.activity);
    const user = context.activity.from?.name ?? 'a user';
    await this.deps.experts.forward(
      { question: sent.question, answer: sent.answer, lang, user, asker },
      context.activity.recipient,
    );
    this.deps.logger.info({ turnId: context.activity.id, answerId }, 'question forwarded to the experts');
    await context.sendActivity(this.deps.messages.text(lang, 'expert_forwarded'));
  }

  private async resolve(context: TurnContext, ticket: string): Promise<void> {
    if (!this.deps.experts) return;
    const { outcome, lang } = await this.deps.experts.resolve(ticket, context.activity.conversation?.id ?? '');
    if (outcome === 'not-experts-conversation') {
      this.deps.logger.warn(
        { turnId: context.activity.id, conversation: context.activity.conversation?.id },
        'resolve click outside the experts conversation ignored',
      );
      return;
    }
    const key = outcome === 'resolved' ? 'expert_resolved_ack' : 'expert_unknown_ticket';
    await context.sendActivity(this.deps.messages.text(lang ?? 'en', key));
  }

  /** Teams' built-in feedback loop (thumbs up/down and a comment on AI messages) arrives as a message/submitAction invoke. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { name, value, replyToId, conversation } = context.activity;
    const loop = readLoopFeedback(name, value);
    if (!loop) return super.onInvokeActivity(context);
    const found = replyToId ? await this.deps.sent.byMessage(conversation?.id ?? '', replyToId) : undefined;
    if (!found)
      this.deps.logger.warn(
        { turnId: context.activity.id, replyToId },
        'Teams feedback for a message the bot has no record of',
      );
    await this.deps.feedback.record({
      at: new Date().toISOString(),
      channel: 'teams',
      userId: this.userId(context),
      answerId: found?.answerId ?? 'unknown',
      question: found?.answer?.question ?? '',
      helpful: loop.helpful,
      ...(found?.answer ? { answerKind: found.answer.kind } : {}),
      ...(loop.comment ? { comment: loop.comment } : {}),
    });
    return { status: 200, body: {} };
  }

  private async welcome(context: TurnContext): Promise<void> {
    const key = `teams-welcome:${baseConversationId(context.activity.conversation?.id ?? '')}`;
    if (!(await this.deps.dedupe.firstSeen(key, WELCOME_TTL_MS))) return;
    await context.sendActivity(welcomeActivity(this.deps.messages, localeLanguage(context.activity.locale)));
  }
}
