/** Teams' own feedback on an AI message (thumbs, then an optional comment), as a message/submitAction invoke. */
export interface LoopFeedback {
  helpful: boolean;
  comment?: string;
}

const COMMENT_MAX = 2000;

/**
 * Reads the invoke's value: `{ actionName: 'feedback', actionValue: { reaction: 'like' | 'dislike', feedback } }`,
 * where `feedback` is a JSON string `{"feedbackText": "..."}` (plain text is accepted too). Undefined when it is not
 * a feedback submission.
 */
export function readLoopFeedback(name: string | undefined, value: unknown): LoopFeedback | undefined {
  if (name !== 'message/submitAction' || !value || typeof value !== 'object') return undefined;
  const v = value as { actionName?: unknown; actionValue?: { reaction?: unknown; feedback?: unknown } };
  if (v.actionName !== 'feedback' || !v.actionValue) return undefined;
  const reaction = v.actionValue.reaction;
  if (reaction !== 'like' && reaction !== 'dislike') return undefined;
  const comment = commentOf(v.actionValue.feedback);
  return { helpful: reaction === 'like', ...(comment ? { comment } : {}) };
}

function commentOf(feedback: unknown): string | undefined {
  if (typeof feedback !== 'string' || !feedback.trim()) return undefined;
  let text: unknown = feedback;
  try {
    const parsed = JSON.parse(feedback) as { feedbackText?: unknown };
    if (parsed && typeof parsed === 'object') text = parsed.feedbackText;
  } catch {
    // Not JSON: the text itself.
  }
  return typeof text === 'string' && text.trim() ? text.trim().slice(0, COMMENT_MAX) : undefined;
}
