import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import { checkedJson } from './body-shape.js';

/**
 * Slack's `app_rate_limited` notice (the app got more than 30,000 events in an hour from a workspace) is no
 * event_callback: Bolt has no listener for it and would leave it unanswered until its 3 s timeout (a 404). It is
 * answered 200 here, after the signature guard, and logged as a warning for the operator.
 */
export function appRateLimitedNotice(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const body = checkedJson(req);
    if (body?.type !== 'app_rate_limited') return next();
    const fields = { team: body.team_id, minuteRateLimited: body.minute_rate_limited };
    logger.warn(fields, 'Slack is rate-limiting the events sent to this app');
    res.status(200).send();
  };
}
