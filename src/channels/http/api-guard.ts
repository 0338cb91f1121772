import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { RequestLimiter } from '../../state/request-limiter.js';

/**
 * A refused request is answered after this pause: a client looping on its refusals then costs one cheap request
 * per connection per second, instead of a refusal as fast as the thread can write them (measured: without it,
 * 32 connections of 429s made another client's p99 5-12x slower).
 */
const REFUSAL_DELAY_MS = 1000;

export interface ApiGuardOptions {
  /** Answers worked on at once on this replica; beyond it 503. */
  maxInFlight: number;
  /** Answers one client may have in flight at once; beyond it 429. */
  maxPerClient: number;
}

/** The client's address as Express derives it (X-Forwarded-For only through the configured trusted proxies). */
export const clientKey = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * In front of the answer routes, before the body is read: the client's rate (429 with Retry-After), its answers in
 * flight (429), and this replica's answers in flight (503 with Retry-After). A refusal costs no answering work, so
 * one client flooding the API cannot take the thread the others are answered on.
 */
export function apiGuard(limiter: RequestLimiter, opts: ApiGuardOptions, logger: Logger): RequestHandler {
  const log = logger.child({ module: 'api-guard' });
  const perClient = new Map<string, number>();
  let inFlight = 0;
  let lastWarn = 0;
  const warn = (obj: object, msg: string) => {
    // One line a second at most: a flood must not turn into a flood of log lines.
    if (Date.now() - lastWarn < 1000) return;
    lastWarn = Date.now();
    log.warn(obj, msg);
  };
  const refuse = (res: Response, next: NextFunction, err: unknown) => {
    if (!(err instanceof AppError)) return next(err);
    const timer = setTimeout(() => next(err), REFUSAL_DELAY_MS);
    res.once('close', () => clearTimeout(timer));
  };
  return (req, res, next) => {
    const key = clientKey(req);
    void limiter.consume(key).then(({ allowed, retryAfterMs }) => {
      if (!allowed) {
        res.set('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
        warn({ client: key, path: req.path }, 'client over its question rate; answering 429');
        throw new AppError('RATE_LIMITED', 'Too many questions from this address; try again shortly.');
      }
      const mine = perClient.get(key) ?? 0;
      if (mine >= opts.maxPerClient) {
        res.set('retry-after', '1');
        throw new AppError('RATE_LIMITED', 'Too many questions in progress from this address; wait for an answer.');
      }
      if (inFlight >= opts.maxInFlight) {
        res.set('retry-after', '1');
        warn({ inFlight }, 'answers in flight at the cap; answering 503');
        throw new AppError('OVERLOADED', 'The service is busy; try again in a moment.');
      }
      inFlight++;
      perClient.set(key, mine + 1);
      res.once('close', () => {
        inFlight--;
        const n = (perClient.get(key) ?? 1) - 1;
        if (n > 0) perClient.set(key, n);
        else perClient.delete(key);
      });
      next();
    }).catch((err: unknown) => refuse(res, next, err));
  };
}
