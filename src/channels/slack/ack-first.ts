import type { App } from '@slack/bolt';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import { AfterBurst } from './after-burst.js';
import { checkedJson } from './body-shape.js';
import { header } from './signature.js';

const retryNum = (req: Request): number | undefined => {
  const n = Number.parseInt(header(req, 'x-slack-retry-num') ?? '', 10);
  return Number.isNaN(n) ? undefined : n;
};

/**
 * Events API callbacks (signature already checked by the guard) are acknowledged with 200 at once and handed to
 * Bolt's `processEvent` once the burst has passed (after-burst.ts): a burst of events is acknowledged before any of
 * them reaches Bolt's middleware chain or the answering work. Bolt would ack an event only after its authorize step
 * and context set-up, on the same event loop as the answers. Slash commands and interactions (whose ack may carry a response body) and
 * `function_executed` events (acked by their handler) go on to Bolt's receiver.
 */
export function ackEventsFirst(app: () => App | undefined, logger: Logger, later = new AfterBurst()): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const body = checkedJson(req);
    const bolt = app();
    const event = body?.type === 'event_callback' ? (body.event as { type?: unknown }) : undefined;
    if (!bolt || !body || !event || event.type === 'function_executed') return next();
    res.status(200).send();
    const retry = retryNum(req);
    const reason = header(req, 'x-slack-retry-reason');
    later.push(() => {
      bolt.processEvent({
        body, ack: async () => {}, customProperties: {},
        ...(retry !== undefined ? { retryNum: retry } : {}), ...(reason ? { retryReason: reason } : {}),
      }).catch((err: unknown) => logger.error({ err: (err as Error).message, type: event.type }, 'Slack event failed after its ack'));
    });
  };
}
