import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError, asAppError } from '../../errors.js';
import type { Services } from '../../main.js';
import { askRoute } from './ask-route.js';
import { uiTextRoute } from './ui-text-route.js';
import type { Channel } from '../channel.js';

export interface HttpServer {
  readonly port: number;
  /** Builds or loads the index in the background of a listening server; /readyz turns 200 when done. */
  ready(refresh: () => Promise<unknown>): Promise<void>;
  stop(): Promise<void>;
}

const BODY_LIMIT = '64kb';

/** The service's one HTTP server: web chat page, JSON API, health and readiness. */
export async function startHttpServer(services: Services, page: string, channels: Channel[] = []): Promise<HttpServer> {
  const { config, engine } = services;
  const log = services.logger.child({ module: 'http' });
  const app = express();
  app.disable('x-powered-by');
  let loadError: AppError | undefined;

  for (const channel of channels) channel.mount?.(app);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => {
    const kb = engine.knowledgeBase;
    if (kb) return void res.json({ status: 'ready', chunks: kb.chunkCount, builtAt: kb.index.manifest.builtAt });
    res.status(503).json({ status: loadError ? 'error' : 'loading', ...(loadError ? { error: { code: loadError.code, message: loadError.message } } : {}) });
  });
  app.get('/', (_req, res) => void res.type('html').send(page));
  app.get('/api/ui-text', uiTextRoute(services.messages));
  app.post('/api/ask', express.json({ limit: BODY_LIMIT, type: () => true }), askRoute(engine));
  app.use((_req: Request, res: Response) => void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such route.' } }));

  // The one error handler of this channel: every failure becomes a JSON error with a stable code.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = bodyParserStatus(err);
    if (status) {
      const code = status === 413 ? 'QUESTION_TOO_LONG' : 'BAD_REQUEST';
      return void res.status(status).json({ error: { code, message: status === 413 ? 'Request body too large.' : 'Malformed JSON body.' } });
    }
    const e = asAppError(err);
    if (e.httpStatus >= 500) log.error({ code: e.code, err: e.message, path: req.path }, 'request failed');
    res.status(e.httpStatus).json({ error: { code: e.code, message: e.httpStatus >= 500 && e.code === 'INTERNAL' ? 'Internal error.' : e.message } });
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: config.HOST, port }, `listening on http://${config.HOST}:${port}`);

  return {
    port,
    async ready(refresh) {
      try {
        await refresh();
        loadError = undefined;
        for (const channel of channels) await channel.start?.();
        log.info({ chunks: engine.knowledgeBase?.chunkCount }, 'ready');
        setImmediate(() => void engine.warmUp().catch((err: Error) => log.warn({ err: err.message }, 'warm-up failed')));
      } catch (err) {
        loadError = asAppError(err);
        log.error({ code: loadError.code, err: loadError.message }, `not ready: ${loadError.message}`);
      }
    },
    async stop() {
      for (const channel of [...channels].reverse()) await channel.stop?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

function bodyParserStatus(err: unknown): number | undefined {
  const type = (err as { type?: unknown })?.type;
  if (type === 'entity.too.large') return 413;
  if (typeof type === 'string' && type.startsWith('entity.')) return 400;
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return 415;
  return undefined;
}
