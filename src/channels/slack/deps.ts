import type { AnswerEngine } from '../../core/answer-engine.js';
import type { Messages } from '../../i18n/messages.js';
import type { Logger } from '../../logging/logger.js';
import type { DedupeStore } from '../../state/dedupe-store.js';
import type { FeedbackStore } from '../../state/feedback-store.js';
import type { RateLimiter } from '../../state/rate-limiter.js';
import type { WorkQueue } from '../../core/work-queue.js';
import type { ThreadMemory } from './thread-memory.js';

/** What the Slack handlers need: the engine and stores behind interfaces, built in main.ts. */
export interface SlackDeps {
  engine: Pick<AnswerEngine, 'answer' | 'userMessageFor'>;
  messages: Messages;
  feedback: FeedbackStore;
  dedupe: DedupeStore;
  rateLimiter: RateLimiter;
  /** Where answers wait their turn, so acknowledgements are never stuck behind answering. */
  work: WorkQueue;
  logger: Logger;
  /** Channel id where "Ask a customs expert" forwards questions; the button is hidden without it. */
  expertsChannel?: string;
}

/** How long an event or message id is remembered, so retries and duplicate deliveries are answered once. */
export const DEDUPE_TTL_MS = 30 * 60_000;

/** What the channel's event handlers need besides. */
export interface SlackAppDeps extends SlackDeps {
  /**
   * The threads the bot takes part in (shared between replicas). Without it every channel thread reply is checked
   * with conversations.replies, as before it existed.
   */
  threads?: ThreadMemory;
}

/** One-time notes (a channel's intro, a user's welcome) are remembered this long. */
export const ONCE_TTL_MS = 365 * 24 * 60 * 60_000;
