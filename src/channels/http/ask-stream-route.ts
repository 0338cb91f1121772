import express, { type RequestHandler, type Response, type Router } from 'express';
import { asAppError } from '../../errors.js';
import type { Services } from '../../main.js';
import { readAskBody } from './ask-route.js';

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
    const { question, context } = readAskBody(req.body);
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
