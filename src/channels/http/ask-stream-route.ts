import express, { type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AskContext } from '../../core/answer.js';
import { AppError, asAppError } from '../../errors.js';
import { LANGUAGES } from '../../i18n/messages.js';
import type { Services } from '../../main.js';

/**
 * The web chat's streaming routes: `GET /api/capabilities` says whether answers stream (a chat model is on), and
 * `POST /api/ask/stream` takes the body of /api/ask and answers with server-sent events: `token` ({text}, partial
 * text as the model writes it), then `answer` (the final Answer, which replaces the partial text) or `error`
 * ({error: {code, message}}). A request refused before any event gets the usual JSON error and status.
 */
export function askStreamRoutes({ engine, config, logger }: Pick<Services, 'engine' | 'config' | 'logger'>, json: RequestHandler): Router {
  const log = logger.child({ module: 'http', route: 'ask-stream' });
  const router = express.Router();
  router.get('/api/capabilities', (_req, res) => void res.json({ streaming: config.LLM_PROVIDER !== 'none' }));
  router.post('/api/ask/stream', json, async (req, res) => {
    const { question, context } = readAsk(req.body);
    const events = new EventStream(res);
    try {
      const answer = await engine.answer(question, { ...context, onToken: (text) => events.send('token', { text }) });
      events.send('answer', answer);
    } catch (err) {
      // Nothing sent yet (an empty question, the index loading): the server's error handler answers with JSON.
      if (!events.opened) throw err;
      const e = asAppError(err);
      log.error({ code: e.code, err: e.message }, 'streamed answer failed');
      events.send('error', { error: { code: e.code, message: e.code === 'INTERNAL' ? 'Internal error.' : e.message } });
    }
    events.end();
  });
  return router;
}

const LANGUAGE_ERROR = `"language" must be one of ${LANGUAGES.join(', ')}.`;
const ID_ERROR = '"conversationId" must be a string of at most 200 characters.';
const askBody = z.object({
  question: z.string({ invalid_type_error: '"question" must be a string.' }),
  language: z.enum(LANGUAGES, { errorMap: () => ({ message: LANGUAGE_ERROR }) }).optional(),
  conversationId: z.string({ invalid_type_error: ID_ERROR }).max(200, ID_ERROR).optional(),
}, { invalid_type_error: 'Send a JSON object: {"question": "..."}' });

/** The /api/ask body, with its error codes: a missing question is QUESTION_EMPTY, anything malformed BAD_REQUEST. */
function readAsk(body: unknown): { question: string; context: AskContext } {
  const parsed = askBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const missing = issue?.path[0] === 'question' && (body as { question?: unknown }).question == null;
    throw missing ? new AppError('QUESTION_EMPTY', 'Missing "question".') : new AppError('BAD_REQUEST', issue?.message ?? 'Malformed request body.');
  }
  const { question, language, conversationId } = parsed.data;
  return { question, context: { channel: 'http', ...(language ? { language } : {}), ...(conversationId !== undefined ? { conversationId: `web:${conversationId}` } : {}) } };
}

/** Server-sent events on one response, opened by the first event; writes after the client left are dropped. */
class EventStream {
  opened = false;

  constructor(private readonly res: Response) {}

  send(event: string, data: unknown): void {
    if (!this.opened) {
      this.opened = true;
      this.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
    }
    if (!this.res.writableEnded && !this.res.destroyed) this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }
}
