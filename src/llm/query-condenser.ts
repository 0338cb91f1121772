import type { Turn } from '../core/answer.js';
import type { Logger } from '../logging/logger.js';
import { redactSecrets } from '../observability/redact.js';
import type { NamedChatModel } from './chat-model-factory.js';
import type { GroundedPrompt } from './grounded-prompt.js';
import { callModel, failureReason } from './model-call.js';

/**
 * Follow-ups ("and in Peru?") rewritten with the conversation's recent turns into a standalone question before
 * retrieval. Any failure keeps the question as asked: condensing can only help retrieval, never stop an answer.
 */
export class QueryCondenser {
  private readonly log: Logger;

  constructor(
    private readonly llm: NamedChatModel,
    private readonly prompt: GroundedPrompt,
    private readonly opts: { timeoutMs: number; maxChars: number },
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'query-condenser' });
  }

  async condense(question: string, history: Turn[] | undefined): Promise<string> {
    if (!history?.some((t) => t.role === 'user')) return question;
    const started = performance.now();
    try {
      const written = await callModel(this.llm.model, this.prompt.condense(question, history), { timeoutMs: this.opts.timeoutMs });
      const standalone = firstLine(written);
      if (!standalone || standalone.length > this.opts.maxChars) {
        this.log.warn({ model: this.llm.name, chars: written.length }, 'unusable standalone question; retrieving with the question as asked');
        return question;
      }
      this.log.debug({ model: this.llm.name, query: standalone, ms: Math.round(performance.now() - started) }, 'follow-up condensed');
      return standalone;
    } catch (err) {
      this.log.warn({ model: this.llm.name, reason: failureReason(err), err: redactSecrets((err as Error).message) }, 'could not condense the follow-up; retrieving with the question as asked');
      return question;
    }
  }
}

/** The model's reply without a preamble ("Standalone question:") or surrounding quotes. */
function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.replace(/^(?:standalone question|question)\s*:\s*/i, '').replace(/^["'“«]+\s*|\s*["'”»]+$/g, '').trim();
}
