import type { FeedbackStore } from '../../state/feedback-store.js';

/** A question the web chat's user asked to hand to a customs expert, with the bot's answer. */
export interface ExpertRequest {
  answerId: string;
  question: string;
  answer: string;
  language: string;
  /** Who asked, as far as the channel knows (`web:<conversation id>`). */
  userId: string;
  channel: string;
  /** Where the expert may reply, when the asker gave it. */
  email?: string;
}

/** Where "Ask a customs expert" from the web goes: the experts channel (Slack, Teams) or the feedback store. */
export interface ExpertInbox {
  readonly target: 'slack' | 'teams' | 'store';
  forward(request: ExpertRequest): Promise<void>;
}

/** With no experts channel configured: the request is kept in the feedback store beside the ratings. */
export function storedExpertRequests(feedback: FeedbackStore): ExpertInbox {
  return {
    target: 'store',
    forward: ({ answerId, question, answer, language, userId, channel, email }) => feedback.record({
      type: 'expert-request', at: new Date().toISOString(), channel, userId, answerId, question, answer, language,
      ...(email ? { email } : {}),
    }),
  };
}
