import { AppError } from '../errors.js';
import type { Messages } from '../i18n/messages.js';
import type { LocalAbbreviations } from '../i18n/abbreviations.js';
import { LanguageDetector } from '../i18n/language-detector.js';
import type { Logger } from '../logging/logger.js';
import { isNotStated, type Answer, type AskContext } from './answer.js';
import type { KnowledgeBase } from './knowledge-base.js';
import type { Question, Responder } from './responder.js';
import type { ConversationMemory, ConversationState } from './conversation-memory.js';
import { noopMetrics, type Metrics } from '../observability/metrics.js';
import type { Query } from '../understanding/query.js';
import type { Router } from './router.js';
import type { QuestionParts } from './question-parts.js';
import { mergeAnswers } from './merge-answers.js';
import type { AnswerLog } from './answer-log.js';

/** Stage 1 of the pipeline, as the engine sees it (src/understanding/understand.ts). */
export interface QueryUnderstander {
  understand(text: string, ctx: { language: string; previous?: string }): Query;
}

/** "/lang es", "language fr", "idioma es", "langue en": a per-conversation language override. */
// One whitespace run between the word and the code, so a long run cannot make the match quadratic.
const LANGUAGE_COMMAND = /^\/?(?:lang|language|idioma|langue)(?:\s*[:=]\s*|\s+)(en|es|fr)$/i;

/** The language a "/lang es" message chooses, if it is one. */
export function languageCommand(text: string): string | undefined {
  return LANGUAGE_COMMAND.exec(text)?.[1]?.toLowerCase();
}

/**
 * Partial answer text as it is written, for channels that can show it (web chat events, Slack message updates).
 * Only model-written answers stream; the final Answer may differ (renumbered, or the extractive answer instead).
 */
export interface AnswerStream {
  onToken?: (text: string) => void;
}

export interface AnswerEngineOptions {
  maxQuestionChars: number;
  metrics?: Metrics;
  /** Understands each question first (from the knowledge base's front matter); the router then picks by intent. */
  understander?: (kb: KnowledgeBase) => QueryUnderstander;
  /** Detects each question's language (built with the lexicon's vocabulary in the composition root). */
  detector?: LanguageDetector;
  /** Cuts a message that asks two things into its questions, each answered on its own. */
  parts?: QuestionParts;
  /** Told of every answered question (the editors' question log), whatever the channel. */
  log?: AnswerLog;
  /** A language's own abbreviations for names ("RU" in es/fr), written out before the question is understood. */
  abbreviations?: LocalAbbreviations;
}

/** Questions that may be asked two at a time; small talk, requests and the self-check are answered whole. */
const SPLITTABLE: ReadonlySet<string> = new Set(['facet', 'general', 'registry', 'definition', 'comparison']);

/**
 * The one channel-neutral entry point: validate, detect the language, then ask each responder in order
 * (structured look-ups before curated answers before free retrieval). The last responder always answers.
 */
export class AnswerEngine {
  private kb: KnowledgeBase | undefined;
  private readonly log: Logger;
  private readonly metrics: Metrics;
  private readonly detector: LanguageDetector;

  constructor(
    private readonly responders: Responder[] | Router,
    private readonly messages: Messages,
    private readonly opts: AnswerEngineOptions,
    logger: Logger,
    private readonly memory?: ConversationMemory,
  ) {
    this.log = logger.child({ module: 'answer-engine' });
    this.metrics = opts.metrics ?? noopMetrics;
    this.detector = opts.detector ?? new LanguageDetector();
  }

  /** Swaps in a newly built knowledge base; answers in flight keep the one they started with. */
  setKnowledgeBase(kb: KnowledgeBase): void {
    this.kb = kb;
  }

  get knowledgeBase(): KnowledgeBase | undefined {
    return this.kb;
  }

  /** Loads what the first question would otherwise wait for (the language model); call once ready. */
  async warmUp(): Promise<void> {
    await this.detector.warmUp();
  }

  get ready(): boolean {
    return this.kb !== undefined;
  }

  /** What the question is understood to ask, without answering it (for tools and tests). */
  explain(question: string, language = 'en'): Query | undefined {
    return this.kb ? this.opts.understander?.(this.kb).understand(question, { language }) : undefined;
  }

  /** How a message is read: its language, then what each question in it asks (for scripts/explain.ts). */
  async explainParts(question: string): Promise<{ language: string; parts: { text: string; query?: Query }[] }> {
    const kb = this.kb;
    if (!kb) return { language: 'en', parts: [] };
    const q = await this.prepare(question, {}, kb);
    const texts = this.opts.parts?.split(question) ?? [question];
    const parts = [];
    for (const text of texts) {
      parts.push({ text, query: (await this.prepare(text, { language: q.language }, kb)).query });
    }
    return { language: q.language, parts };
  }

  /** Answers one question; every outcome (answer, decline, error) is counted by channel. */
  async answer(question: string, context: AskContext & AnswerStream = {}): Promise<Answer> {
    const started = performance.now();
    const channel = context.channel ?? 'api';
    try {
      const answer = await this.answerQuestion(question, context);
      const ms = performance.now() - started;
      this.metrics.answered({ channel, kind: answer.kind, declined: answer.declined, language: answer.language, seconds: ms / 1000 });
      // The reply does not wait for the log line to reach the disk (a thread-pool round trip, ~0.2 ms of every
      // answer): the line is queued now, in answer order, and services.close() writes what is still queued.
      this.opts.log?.answered({ question, context, answer, ms })
        .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'question not logged'));
      return answer;
    } catch (err) {
      this.metrics.failed({ channel, code: err instanceof AppError ? err.code : 'INTERNAL' });
      throw err;
    }
  }

  private async answerQuestion(question: string, context: AskContext): Promise<Answer> {
    const text = typeof question === 'string' ? question.trim() : '';
    if (!text) throw new AppError('QUESTION_EMPTY', 'The question is empty.');
    if (text.length > this.opts.maxQuestionChars) {
      throw new AppError('QUESTION_TOO_LONG', `The question has ${text.length} characters; the limit is ${this.opts.maxQuestionChars}.`, { length: text.length, max: this.opts.maxQuestionChars });
    }
    const kb = this.kb;
    if (!kb) throw new AppError('NOT_READY', 'The knowledge base is still loading.');
    const started = performance.now();
    const id = context.conversationId;
    const state = id && this.memory ? await this.memory.recall(id) : undefined;
    const override = languageCommand(text);
    if (override) {
      if (id && state && this.memory) await this.memory.setLanguage(id, state, override);
      return { answer: this.messages.text(override, 'language_set'), citations: [], confidence: 1, declined: false, kind: 'curated', followUps: [], language: override };
    }
    const q = await this.prepare(text, context, kb, state);
    const query = q.query;
    const answer = (await this.answerParts(q, context, kb, state)) ?? (await this.respond(q, kb));
    this.log.debug({ kind: answer.kind, declined: answer.declined, ms: Math.round(performance.now() - started) }, 'answered');
    if (id && state && this.memory) await this.memory.remember(id, state, text, answer.answer, query?.jurisdictions, q.language);
    return answer;
  }

  private async respond(q: Question, kb: KnowledgeBase): Promise<Answer> {
    const responders = Array.isArray(this.responders) ? this.responders : q.query ? this.responders.route(q.query) : [];
    for (const responder of responders) {
      const answer = await responder.respond(q, { kb, messages: this.messages });
      if (answer) return answer;
    }
    throw new AppError('INTERNAL', 'No responder answered.');
  }

  /**
   * "Is it free? who can apply?": each question answered on its own, about the jurisdiction the message names,
   * then merged. Undefined (answer the message whole) when it asks one thing, or a part needs a dialogue.
   */
  private async answerParts(q: Question, context: AskContext, kb: KnowledgeBase, state?: ConversationState): Promise<Answer | undefined> {
    if (!this.opts.parts || !q.query || !SPLITTABLE.has(q.query.intent)) return undefined;
    const texts = this.opts.parts.split(q.text);
    if (texts.length < 2) return undefined;
    const names = q.query.named.join(', ');
    const questions: Question[] = [];
    const facets = new Set<string>();
    for (const [i, part] of texts.entries()) {
      const ctx = { ...context, language: q.language };
      let pq = await this.prepare(part, ctx, kb, state);
      // "SENAE: is it free? who can apply?": the later questions are about what the first one named.
      if (i > 0 && names && !pq.query?.jurisdictions.length) pq = await this.prepare(`${part} (${names})`, ctx, kb, state);
      // A later part is a question of its own only when it asks another facet ("and what triggered it?" is not).
      const facet = pq.query?.facet;
      if (i > 0 && (!facet || facets.has(facet))) continue;
      if (facet) facets.add(facet);
      questions.push(pq);
    }
    if (questions.length < 2) return undefined;
    const answers: Answer[] = [];
    for (const pq of questions) {
      const a = await this.respond(pq, kb);
      if (a.kind === 'eligibility' || a.kind === 'clarify') return undefined;
      // "Does Haiti have one? what criteria?": when the first question is declined, so is what builds on it.
      if (a.declined && !answers.length) return undefined;
      // "...? and is it free?": a later question the page does not settle says so, instead of vanishing.
      if (!a.declined || isNotStated(a)) answers.push(a);
    }
    return mergeAnswers(answers);
  }

  /**
   * The question as responders receive it: its language, what it was understood to ask, and the country in focus
   * (named, or carried over from earlier turns when the question needs one).
   */
  async prepare(asked: string, context: AskContext, kb: KnowledgeBase, state?: ConversationState): Promise<Question> {
    // A language the user chose stays; otherwise a question too short to tell keeps the conversation's language.
    const language = context.language ?? state?.language ?? (await this.detector.detect(asked, state?.spoken)).language;
    // "ARM UE - RU" in French names the United Kingdom, not Russia's code.
    const text = this.opts.abbreviations?.expand(asked, language) ?? asked;
    // The answer steps weigh the question's terms synchronously: a database index reads their frequencies now.
    await kb.weights.prepare([{ text, lang: language }]);
    const query = this.opts.understander?.(kb).understand(text, { language, ...(state?.country ? { previous: state.country } : {}) });
    const named = context.country ?? (query ? query.jurisdictions[0] : this.memory?.mentioned(text)[0]);
    // Without understanding, the earlier country always carries over; with it, only to follow-ups that need one.
    const carried = query ? query.carried : state?.country;
    const ctx: AskContext = {
      ...context,
      history: context.history ?? state?.turns,
      country: named ?? carried,
      countryFromHistory: !named && !!carried,
      countryWords: named && this.memory ? this.memory.wordsFor(text, named) : [],
    };
    return { text, language, context: ctx, ...(query ? { query } : {}) };
  }

  /** The polite text a chat channel shows for an error instead of an answer. */
  userMessageFor(err: AppError, language = 'en'): string {
    switch (err.code) {
      case 'QUESTION_EMPTY': return this.messages.text(language, 'empty_question');
      case 'QUESTION_TOO_LONG': return this.messages.text(language, 'too_long', { length: Number(err.details.length), max: Number(err.details.max) });
      case 'NOT_READY': return this.messages.text(language, 'not_ready');
      default: return this.messages.text(language, 'error');
    }
  }
}
