import { randomUUID } from 'node:crypto';
import { ActivityHandler, ActivityTypes, CardFactory, MessageFactory, TurnContext, type Activity, type ConversationReference, type InvokeResponse } from 'botbuilder';
import type { ExpertDesk } from './expert-desk.js';
import type { AnswerEngine } from '../../core/answer-engine.js';
import type { Answer } from '../../core/answer.js';
import { asAppError } from '../../errors.js';
import type { Messages } from '../../i18n/messages.js';
import { detectLanguage } from '../../i18n/messages.js';
import type { Logger } from '../../logging/logger.js';
import type { DedupeStore } from '../../state/dedupe-store.js';
import type { FeedbackStore } from '../../state/feedback-store.js';
import { answerCard, type CardAction } from './adaptive-card.js';
import { aiMessageEntities } from './ai-entities.js';

const DEDUPE_TTL_MS = 10 * 60_000;

export interface TeamsBotDeps {
  engine: AnswerEngine;
  messages: Messages;
  feedback: FeedbackStore;
  dedupe: DedupeStore;
  logger: Logger;
  /** The experts desk, when a Teams experts channel is configured. */
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
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id !== botId)) await this.welcome(context);
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    // Teams resends an activity it got no timely answer for: answer each id once.
    if (activity.id && !(await this.deps.dedupe.firstSeen(`teams:${activity.id}`, DEDUPE_TTL_MS))) return;
    const value = activity.value as CardAction | undefined;
    if (value?.action === 'feedback') return this.recordFeedback(context, value.helpful, value.answerId, value.question, value.kind);
    if (value?.action === 'expert') return this.askExpert(context, value.question, value.answer, value.lang);
    if (value?.action === 'resolve') return this.resolve(context, value.asker, value.question, value.lang);
    const question = value?.action === 'ask' ? value.text : TurnContext.removeRecipientMention(activity as Activity)?.trim() ?? '';
    await context.sendActivity({ type: ActivityTypes.Typing });
    const conversationId = `teams:${activity.conversation?.id ?? 'unknown'}`;
    let answer: Answer;
    try {
      answer = await this.deps.engine.answer(question, { channel: 'teams', conversationId });
    } catch (err) {
      const e = asAppError(err);
      if (e.httpStatus >= 500 && e.code !== 'NOT_READY') throw err;
      await context.sendActivity(this.deps.engine.userMessageFor(e, (question ? await detectLanguage(question) : 'en')));
      return;
    }
    await context.sendActivity(this.reply(context, answer, question));
  }

  private reply(context: TurnContext, a: Answer, question: string): Partial<Activity> {
    const answerId = randomUUID();
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(answerCard(a, question, answerId, this.deps.messages, !!this.deps.experts)));
    message.text = a.answer; // fallback for clients without cards, and the text Teams' citations point into
    const type = context.activity.conversation?.conversationType;
    if (type === 'personal' || type === 'groupChat') {
      message.entities = aiMessageEntities(a) as unknown as Activity['entities'];
      if (!a.declined) message.channelData = { feedbackLoopEnabled: true };
    }
    return message;
  }

  private async recordFeedback(context: TurnContext, helpful: boolean, answerId: string, question: string, kind?: string): Promise<void> {
    await this.deps.feedback.record({
      at: new Date().toISOString(), channel: 'teams', userId: context.activity.from?.aadObjectId ?? context.activity.from?.id ?? 'unknown',
      answerId, question, helpful, ...(kind ? { answerKind: kind } : {}),
    });
    await context.sendActivity(this.deps.messages.text(question ? await detectLanguage(question) : 'en', 'teams_feedback_thanks'));
  }

  private async askExpert(context: TurnContext, question: string, answer: string, lang: string): Promise<void> {
    if (!this.deps.experts) {
      await context.sendActivity(this.deps.messages.text(lang, 'expert_off'));
      return;
    }
    const asker = TurnContext.getConversationReference(context.activity);
    await this.deps.experts.forward({ question, answer, lang, user: context.activity.from?.name ?? 'a user', asker }, context.activity.recipient);
    await context.sendActivity(this.deps.messages.text(lang, 'expert_forwarded'));
  }

  private async resolve(context: TurnContext, asker: Record<string, unknown>, question: string, lang: string): Promise<void> {
    if (!this.deps.experts) return;
    await this.deps.experts.resolve(asker as Partial<ConversationReference>, question, lang);
    await context.sendActivity(this.deps.messages.text(lang, 'expert_resolved_ack'));
  }

  /** Teams' built-in feedback loop (thumbs up/down on AI messages) arrives as a message/submitAction invoke. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { name, value } = context.activity as { name?: string; value?: { actionName?: string; actionValue?: { reaction?: string } } };
    if (name === 'message/submitAction' && value?.actionName === 'feedback') {
      await this.deps.feedback.record({
        at: new Date().toISOString(), channel: 'teams', userId: context.activity.from?.id ?? 'unknown',
        answerId: context.activity.replyToId ?? 'unknown', question: '', helpful: value.actionValue?.reaction === 'like',
      });
      return { status: 200, body: {} };
    }
    return super.onInvokeActivity(context);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const lang = 'en';
    const examples = this.deps.messages.list(lang, 'decline_suggestions');
    await context.sendActivity(MessageFactory.suggestedActions(examples, this.deps.messages.text(lang, 'teams_welcome')));
  }
}
