import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { RequestLimiter } from '../../state/request-limiter.js';
import { FairStarts } from './fair-starts.js';

/**
 * A refused request is answered after about this pause: a client looping on its refusals then costs one cheap
 * request per connection per second, instead of a refusal as fast as the thread can write them (measured: without
 * it, 32 connections of 429s made another client's p99 5-12x slower). The pause is spread over +-50% so refusals
 * parked together do not all come back in the same turn.
 */
const REFUSAL_DELAY_MS = 1000;
const refusalDelay = () => REFUSAL_DELAY_MS * (0.5 + Math.random());

export interface ApiGuardOptions {
  /** Answers worked on at once on this replica; beyond it 503. */
  maxInFlight: number;
  /** Answers one client may have in flight at once; beyond it 429. */
  maxPerClient: number;
}

/** The client's address as Express derives it (X-Forwarded-For only through the configured trusted proxies). */
export const clientKey = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * In front of the answer routes, before the body is read: the client's answers in flight (429), this replica's
 * answers in flight (503 with Retry-After), then the client's rate (429 with Retry-After). A refusal costs no
 * answering work, so one client flooding the API cannot take the thread the others are answered on.
 *
 * Fairness: a request counts against its client from the moment it arrives, and its answer starts in a later turn
 * (FairStarts), after the event loop has read every socket that was ready. An answer that runs to completion within
 * one turn would otherwise never be seen in flight: 32 connections of one client were then served one after another,
 * all ahead of another client's single question (its p99 ~40x its idle p99 in the hardening test). Deferred,
 * requests that arrive together see each other, so a client has at most `maxPerClient` in the system, and the
 * client served least recently starts first.
 */
export function apiGuard(limiter: RequestLimiter, opts: ApiGuardOptions, logger: Logger): RequestHandler {
  const log = logger.child({ module: 'api-guard' });
  const perClient = new Map<string, number>();
  const starts = new FairStarts();
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
    const timer = setTimeout(() => next(err), refusalDelay());
    res.once('close', () => clearTimeout(timer));
  };
  /** Counts the request in flight until its response closes, or until the returned release is called. */
  const admit = (key: string, res: Response) => {
    inFlight++;
    perClient.set(key, (perClient.get(key) ?? 0) + 1);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      inFlight--;
      const n = (perClient.get(key) ?? 1) - 1;
      if (n > 0) perClient.set(key, n);
      else perClient.delete(key);
    };
    res.once('close', release);
    return release;
  };
  return (req, res, next) => {
    const key = clientKey(req);
    if ((perClient.get(key) ?? 0) >= opts.maxPerClient) {
      res.set('retry-after', '1');
      warn({ client: key, path: req.path }, 'client at its answers in flight; answering 429');
      return refuse(res, next, new AppError('RATE_LIMITED', 'Too many questions in progress from this address; wait for an answer.'));
    }
    if (inFlight >= opts.maxInFlight) {
      res.set('retry-after', '1');
      warn({ inFlight }, 'answers in flight at the cap; answering 503');
      return refuse(res, next, new AppError('OVERLOADED', 'The service is busy; try again in a moment.'));
    }
    const release = admit(key, res);
    void limiter.consume(key).then(({ allowed, retryAfterMs }) => {
      if (!allowed) {
        // A refusal waits out its pause without holding a slot others could be answered in.
        release();
        res.set('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
        warn({ client: key, path: req.path }, 'client over its question rate; answering 429');
        throw new AppError('RATE_LIMITED', 'Too many questions from this address; try again shortly.');
      }
      starts.enqueue(key, next);
    }).catch((err: unknown) => refuse(res, next, err));
  };
}
