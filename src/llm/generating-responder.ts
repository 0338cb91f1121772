import type { Answer, AskContext } from '../core/answer.js';
import type { AnswerStream } from '../core/answer-engine.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import { answerNotes, type Retrieved } from '../answering/retrieval-responder.js';
import type { Logger } from '../logging/logger.js';
import { redactSecrets } from '../observability/redact.js';
import type { NamedChatModel } from './chat-model-factory.js';
import { checkContent } from './answer-content.js';
import { checkGrounded, CitationStream, renumber } from './citation-check.js';
import type { GroundedPrompt } from './grounded-prompt.js';
import { callModel, failureReason } from './model-call.js';
import type { QueryCondenser } from './query-condenser.js';

/** What is counted about model answers (metrics); no-ops by default. */
export interface LlmHooks {
  /** A model answer was not used and the extractive answer given instead; `reason` is a short stable code. */
  onFallback(reason: string): void;
  onGenerated(): void;
}

export const noopLlmHooks: LlmHooks = { onFallback: () => undefined, onGenerated: () => undefined };

/** The retrieval seam the generator decorates: the extractive answer and the passages it read. */
export interface PassageRetriever {
  retrieve(q: Question, deps: ResponderDeps): Promise<Retrieved>;
}

export interface GeneratingOptions {
  /** Deadline of the model's answer, retries included. */
  timeoutMs: number;
  /** Rewrites follow-ups into standalone questions before retrieval; without it they are retrieved as asked. */
  condenser?: QueryCondenser;
  /** Secret values (API keys) cut from upstream error text before it is logged. */
  secrets?: readonly (string | undefined)[];
}

/**
 * Model-written answers over retrieval, never worse than retrieval alone: retrieval finds the passages and decides
 * whether to answer at all (a decline or a clarifying question never reaches the model); the model rewrites the
 * answer from those numbered passages; an answer that cites no given passage, cites one not given, leaves a claim
 * uncited, or a model that times out or fails, gives the extractive answer unchanged (logged and counted).
 */
export class GeneratingResponder implements Responder {
  readonly name = 'generating';
  private readonly log: Logger;

  constructor(
    private readonly retrieval: PassageRetriever,
    private readonly llm: NamedChatModel,
    private readonly prompt: GroundedPrompt,
    private readonly opts: GeneratingOptions,
    logger: Logger,
    private readonly hooks: LlmHooks = noopLlmHooks,
  ) {
    this.log = logger.child({ module: 'generating-responder', model: llm.name });
  }

  async respond(q: Question, deps: ResponderDeps): Promise<Answer> {
    const question = this.opts.condenser ? await this.opts.condenser.condense(q.text, q.context.history) : q.text;
    // A condensed question has words of its own: a database index reads their frequencies first.
    if (question !== q.text) await deps.kb.weights.prepare([{ text: question, lang: q.language }]);
    const { answer, passages } = await this.retrieval.retrieve(question === q.text ? q : { ...q, text: question }, deps);
    if (answer.kind !== 'retrieval' || answer.declined || !passages.length) return answer;

    const started = performance.now();
    const onToken = (q.context as AskContext & AnswerStream).onToken;
    const stream = onToken ? new CitationStream(passages, onToken) : undefined;
    let written: string;
    try {
      written = await callModel(this.llm.model, this.prompt.answer(question, q.language, passages), {
        timeoutMs: this.opts.timeoutMs,
        ...(stream ? { onToken: (t: string) => stream.push(t) } : {}),
      });
    } catch (err) {
      return this.fallback(answer, failureReason(err), started, redactSecrets((err as Error).message, this.opts.secrets));
    }
    const problem = checkGrounded(written, passages.length) ?? checkContent(written, passages);
    if (problem) return this.fallback(answer, problem, started);
    stream?.flush();

    const { text, citations, cited } = renumber(written.trim(), passages);
    this.hooks.onGenerated();
    this.log.info({ ms: elapsed(started), citations: citations.list().length }, 'answer written by the model');
    return {
      ...answer,
      answer: [text, answerNotes(cited, citations, q.language, deps.messages)].filter(Boolean).join('\n\n'),
      citations: citations.list(),
    };
  }

  private fallback(extractive: Answer, reason: string, started: number, err?: string): Answer {
    this.hooks.onFallback(reason);
    this.log.warn({ reason, ms: elapsed(started), ...(err ? { err } : {}) }, 'model answer not used; giving the extractive answer');
    return extractive;
  }
}

const elapsed = (started: number) => Math.round(performance.now() - started);
