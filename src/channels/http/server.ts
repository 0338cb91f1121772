import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError, asAppError } from '../../errors.js';
import type { Services } from '../../main.js';
import { askRoute } from './ask-route.js';
import { askStreamRoutes } from './ask-stream-route.js';
import { uiTextRoute } from './ui-text-route.js';
import { adminRoutes } from './admin-routes.js';
import { adminPageRoutes } from './admin-page-routes.js';
import { apiGuard } from './api-guard.js';
import { exposeMetrics } from './metrics-route.js';
import { readinessRoute } from './readiness-route.js';
import { securityHeaders } from './security-headers.js';
import { feedbackRoutes } from './feedback-routes.js';
import type { WebPage } from './web-page.js';
import { widgetFrameAncestors, widgetRoutes } from './widget-routes.js';
import type { Channel } from '../channel.js';
import { openUrl } from './open-url.js';

export interface HttpServer {
  readonly port: number;
  /** Builds or loads the index in the background of a listening server; /readyz turns 200 when done. */
  ready(): Promise<void>;
  /**
   * Graceful stop: readiness turns 503, channels stop taking messages, the listener closes, requests and queued
   * answers in flight finish (up to `graceMs`, then connections are cut).
   */
  stop(graceMs?: number): Promise<void>;
}

const BODY_LIMIT = '64kb';

/** The service's one HTTP server: web chat page, JSON API, health and readiness. */
export async function startHttpServer(
  services: Services, web: string | WebPage, channels: Channel[] = [],
): Promise<HttpServer> {
  const { config, engine, reindexer } = services;
  const page = typeof web === 'string' ? web : web.html;
  const widgetAncestors = widgetFrameAncestors(config);
  const log = services.logger.child({ module: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(config.TRUST_PROXY));
  app.use(securityHeaders(page, widgetAncestors));
  let stopping = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  // A request id on every response (the caller's own x-request-id when it is sane), logged with any failure.
  app.use((req, res, next) => {
    const given = req.headers['x-request-id'];
    res.locals.requestId = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    res.set('x-request-id', String(res.locals.requestId));
    next();
  });
  // Requests in flight, so a graceful stop can wait for them.
  app.use((_req, res, next) => {
    // While stopping, requests on kept-alive connections are still answered, then their connections closed.
    if (stopping) res.set('connection', 'close');
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
    next();
  });
  for (const channel of channels) channel.mount?.(app);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', readinessRoute(services, () => stopping));
  const metricsServer = services.renderMetrics
    ? await exposeMetrics(app, services.renderMetrics, { host: config.HOST, ...(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {}),
      ...(config.METRICS_PORT !== undefined ? { port: config.METRICS_PORT } : {}) }, services.logger)
    : undefined;
  if (config.ADMIN_TOKEN) {
    app.use('/admin', adminPageRoutes(config.ADMIN_TOKEN, services));
    app.use('/admin', adminRoutes(config.ADMIN_TOKEN, reindexer, services.logger));
  }
  app.get('/', (_req, res) => void res.type('html').send(page));
  app.get('/api/ui-text', uiTextRoute(services.messages));
  app.use(widgetRoutes(typeof web === 'string' ? { html: web } : web, widgetAncestors !== ''));
  const guard = apiGuard(
    services.state.requestLimiter({ points: config.ASK_RATE_LIMIT_PER_MINUTE, durationSec: 60, keyPrefix: 'http-ask' }),
    { maxInFlight: config.HTTP_MAX_ANSWERS_IN_FLIGHT, maxPerClient: config.HTTP_MAX_ANSWERS_PER_CLIENT }, services.logger,
  );
  app.post(['/api/ask', '/api/ask/stream'], guard);
  app.post('/api/ask', express.json({ limit: BODY_LIMIT, type: () => true }), askRoute(engine));
  app.use(askStreamRoutes(services, express.json({ limit: BODY_LIMIT, type: () => true })));
  app.use(feedbackRoutes(services));
  app.use(() => {
    throw new AppError('NOT_FOUND', 'No such route.');
  });

  // The one error handler of this channel: every failure becomes a JSON error with a stable code.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = bodyParserStatus(err);
    if (status) {
      const code = status === 413 ? 'QUESTION_TOO_LONG' : 'BAD_REQUEST';
      const message = status === 413 ? 'Request body too large.' : status === 415 ? 'Unsupported body encoding or charset.' : 'Malformed request body.';
      return void res.status(status).json({ error: { code, message } });
    }
    const e = asAppError(err);
    if (e.httpStatus >= 500 && e.code !== 'NOT_READY') log.error({ code: e.code, err: e.message, path: req.path, requestId: res.locals.requestId }, 'request failed');
    res.status(e.httpStatus).json({ error: { code: e.code, message: e.httpStatus >= 500 && e.code === 'INTERNAL' ? 'Internal error.' : e.message } });
  });

  // Short header and body deadlines (checked every second, not Node's 30 s) and a cap on open connections, so
  // slow or idle clients cannot hold the service's sockets.
  // A channel may answer a request before the Express app (Slack's event acks); counted in flight like the rest.
  const intercepting = channels.filter((c) => c.intercept);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    for (const channel of intercepting) {
      if (!channel.intercept!(req, res, () => app(req, res))) continue;
      if (stopping) res.setHeader('connection', 'close');
      inFlight += 1;
      res.once('close', () => {
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      });
      return;
    }
    app(req, res);
  };
  const server: Server = createServer({
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: 1000,
  }, intercepting.length ? handle : app);
  server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  // Node's header deadline starts with the first byte: a connection that sends nothing is cut here instead.
  server.on('connection', (socket) => {
    socket.setTimeout(config.HTTP_HEADERS_TIMEOUT_MS);
    socket.once('timeout', () => socket.destroy());
  });
  server.on('request', (req) => req.socket.setTimeout(0));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = openUrl(config.HOST, port);
  log.info({ host: config.HOST, port, url }, `listening on ${url} (bound to ${config.HOST}:${port})`);

  return {
    port,
    async ready() {
      const outcome = await reindexer.run('start');
      if (!outcome.ok) return void log.error({ code: outcome.error?.code }, `not ready: ${outcome.error?.message}`);
      for (const channel of channels) await channel.start?.();
      log.info({ chunks: engine.knowledgeBase?.chunkCount }, 'ready');
      setImmediate(() => {
        void engine.warmUp().catch((err: Error) => log.warn({ err: err.message }, 'warm-up failed'));
        void services.loadMetrics?.().catch((err: Error) => log.warn({ err: err.message }, 'metrics unavailable'));
      });
    },
    async stop(graceMs = config.SHUTDOWN_GRACE_MS) {
      stopping = true;
      for (const channel of [...channels].reverse()) await channel.stop?.();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const requestsDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => { drained = resolve; });
      const work = Promise.all([requestsDone, ...channels.map((c) => c.drain?.() ?? Promise.resolve())]);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        work.then(() => false),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), graceMs); }),
      ]);
      clearTimeout(timer);
      if (timedOut) log.warn({ inFlight, graceMs }, 'grace period over; closing the remaining connections');
      // Finished responses leave keep-alive connections idle: close them so the listener can finish closing.
      server.closeIdleConnections();
      if (timedOut) server.closeAllConnections();
      await closed;
      if (metricsServer) await new Promise<void>((resolve) => { metricsServer.close(() => resolve()); metricsServer.closeAllConnections(); });
    },
  };
}

/** TRUST_PROXY as Express takes it: false, a hop count, or names/addresses ("loopback", "10.0.0.0/8, 127.0.0.1"). */
function trustProxy(setting: string): boolean | number | string {
  if (setting === 'false') return false;
  if (setting === 'true') return true;
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}

function bodyParserStatus(err: unknown): number | undefined {
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return 413;
  if (typeof type === 'string' && type.startsWith('entity.')) return 400;
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return 415;
  // Other body-parser failures (a gzip body that does not inflate, ...) carry their own 4xx status.
  if (typeof status === 'number' && status >= 400 && status < 500 && !(err instanceof AppError)) return status;
  return undefined;
}
