import type { Request, Response } from 'express';
import { AppError } from '../../errors.js';
import type { AnswerEngine } from '../../core/answer-engine.js';
import type { AskContext } from '../../core/answer.js';
import { LANGUAGES } from '../../i18n/messages.js';

/**
 * The body of /api/ask and /api/ask/stream, {question, language?, conversationId?, answerId?}, with its error codes:
 * a missing question is QUESTION_EMPTY, anything malformed BAD_REQUEST. `answerId` (the web chat's turn id) names
 * the answer in the question log, so feedback sent with it is joined to the question.
 */
export function readAskBody(body: unknown): { question: string; context: AskContext } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('BAD_REQUEST', 'Send a JSON object: {"question": "..."}');
  const { question, language, conversationId, answerId } = body as Record<string, unknown>;
  if (question === undefined || question === null) throw new AppError('QUESTION_EMPTY', 'Missing "question".');
  if (typeof question !== 'string') throw new AppError('BAD_REQUEST', '"question" must be a string.');
  const context: AskContext = { channel: 'http' };
  if (language !== undefined) {
    if (typeof language !== 'string' || !(LANGUAGES as readonly string[]).includes(language)) throw new AppError('BAD_REQUEST', `"language" must be one of ${LANGUAGES.join(', ')}.`);
    context.language = language;
  }
  if (conversationId !== undefined) {
    if (typeof conversationId !== 'string' || conversationId.length > 200) throw new AppError('BAD_REQUEST', '"conversationId" must be a string of at most 200 characters.');
    context.conversationId = `web:${conversationId}`;
    // The web chat's asker is its conversation, as its feedback names them.
    context.userId = `web:${conversationId}`;
  }
  if (answerId !== undefined) {
    if (typeof answerId !== 'string' || !/^[\w.:-]{1,100}$/.test(answerId)) throw new AppError('BAD_REQUEST', '"answerId" must be an id of at most 100 letters, digits, ".", ":", "-" or "_".');
    context.answerId = answerId;
  }
  return { question, context };
}

/** POST /api/ask {question, language?, conversationId?} -> Answer JSON. */
export function askRoute(engine: AnswerEngine) {
  return async (req: Request, res: Response): Promise<void> => {
    const { question, context } = readAskBody(req.body);
    res.json(await engine.answer(question, context));
  };
}
