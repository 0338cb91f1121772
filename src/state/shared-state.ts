import type { DedupeStore } from './dedupe-store.js';
import type { FeedbackStore } from './feedback-store.js';
import type { RateLimit, RateLimiter } from './rate-limiter.js';
import type { RequestLimiter, RequestRate } from './request-limiter.js';
import type { SessionStore } from './session-store.js';
import type { QuestionLogStore } from '../question-log/types.js';

/**
 * Everything that must be shared when several replicas run: conversation and eligibility state, event dedupe,
 * rate limits, feedback and the question log. In memory (and a JSONL file) by default; Redis when REDIS_URL is set.
 */
export interface SharedState {
  readonly kind: 'memory' | 'redis';
  sessions<T>(namespace: string): SessionStore<T>;
  dedupe(): DedupeStore;
  rateLimiter(rate: RateLimit): RateLimiter;
  /** Per-client limits of the public HTTP API (rate-limiter-flexible). */
  requestLimiter(rate: RequestRate): RequestLimiter;
  feedback: FeedbackStore;
  /** The editors' question log (a JSONL file in memory mode). */
  questionLog: QuestionLogStore;
  /** Whether the shared store is reachable now (always true in memory). */
  up(): boolean;
  close(): Promise<void>;
}
