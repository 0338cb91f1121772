import type { Request, Response } from 'express';
import { AppError } from '../../errors.js';
import type { AnswerEngine } from '../../core/answer-engine.js';
import type { AskContext } from '../../core/answer.js';
import { LANGUAGES } from '../../i18n/messages.js';

/** POST /api/ask {question, language?, conversationId?, filters?} -> Answer JSON. */
export function askRoute(engine: AnswerEngine) {
  return async (req: Request, res: Response): Promise<void> => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('BAD_REQUEST', 'Send a JSON object: {"question": "..."}');
    const { question, language, conversationId } = body as Record<string, unknown>;
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
    }
    res.json(await engine.answer(question, context));
  };
}
