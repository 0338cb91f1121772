import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, RequestHandler } from 'express';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { sameSecret } from './admin-routes.js';

export type RenderMetrics = () => Promise<{ contentType: string; body: string }>;

export interface MetricsExposure {
  /** Bearer token /metrics requires on the main port. */
  token?: string;
  /** A separate port (on `host`) serving only /metrics, without a token: for a network only Prometheus reaches. */
  port?: number;
  host: string;
}

/**
 * /metrics is never public on the main port: it needs the bearer token there, or lives on its own port.
 * Returns the separate server (to close on stop), if any.
 */
export async function exposeMetrics(app: Express, render: RenderMetrics, opts: MetricsExposure, logger: Logger): Promise<Server | undefined> {
  const log = logger.child({ module: 'metrics' });
  if (opts.port !== undefined) {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return void res.writeHead(404).end();
      render().then((m) => res.writeHead(200, { 'content-type': m.contentType }).end(m.body), () => res.writeHead(500).end());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => resolve());
    });
    log.info({ port: (server.address() as AddressInfo).port }, 'metrics served on their own port');
    return server;
  }
  if (!opts.token) {
    log.info('metrics not served: set METRICS_TOKEN (bearer token on this port) or METRICS_PORT (a port of their own)');
    return undefined;
  }
  const token = opts.token;
  const guard: RequestHandler = (req, res, next) => {
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!given || !sameSecret(given, token)) {
      res.set('www-authenticate', 'Bearer');
      return next(new AppError('UNAUTHORIZED', 'A valid metrics token is required.'));
    }
    next();
  };
  app.get('/metrics', guard, async (_req, res) => {
    const m = await render();
    res.type(m.contentType).send(m.body);
  });
  return undefined;
}
