import type { LlmHooks } from './generating-responder.js';

/** Failures of the model call itself (not answers refused by the citation check). */
const CALL_FAILURES = new Set(['timeout', 'rate_limited', 'provider_error', 'malformed_response']);

export interface LlmStatus {
  provider: string;
  status: 'ok' | 'failing';
  /** The last failed call, while no call has succeeded since. */
  lastFailure?: { reason: string; at: string };
}

/**
 * What readiness says about the chat model: failing after a call times out or errors, ok again after the next
 * accepted answer. Answers keep coming meanwhile (the extractive fallback), so this never makes the service unready.
 */
export class LlmHealth {
  private failure: { reason: string; at: string } | undefined;

  constructor(private readonly provider: string, private readonly next: LlmHooks) {}

  readonly hooks: LlmHooks = {
    onFallback: (reason) => {
      if (CALL_FAILURES.has(reason)) this.failure = { reason, at: new Date().toISOString() };
      this.next.onFallback(reason);
    },
    onGenerated: () => {
      this.failure = undefined;
      this.next.onGenerated();
    },
  };

  status(): LlmStatus {
    return { provider: this.provider, status: this.failure ? 'failing' : 'ok', ...(this.failure ? { lastFailure: this.failure } : {}) };
  }
}
