import type { IncomingHttpHeaders } from 'node:http';
import type { App } from '@slack/bolt';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import { AfterBurst } from './after-burst.js';
import { checkedJson } from './body-shape.js';

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

const retryNum = (headers: IncomingHttpHeaders): number | undefined => {
  const n = Number.parseInt(first(headers['x-slack-retry-num']) ?? '', 10);
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
    if (!bolt || !acksFirst(body)) return next();
    res.status(200).send();
    laterToBolt(later, bolt, body, req.headers, logger);
  };
}

/** Whether an Events API body is one acknowledged before Bolt sees it (an event_callback, not function_executed). */
export function acksFirst(body: Record<string, unknown> | undefined): body is Record<string, unknown> {
  const event = body?.type === 'event_callback' ? (body.event as { type?: unknown } | undefined) : undefined;
  return !!event && event.type !== 'function_executed';
}

/** Hands an acknowledged event to Bolt's processing once the burst has passed, with its retry number and reason. */
export function laterToBolt(
  later: AfterBurst, bolt: App, body: Record<string, unknown>, headers: IncomingHttpHeaders, logger: Logger,
): void {
  const retry = retryNum(headers);
  const reason = first(headers['x-slack-retry-reason']);
  const type = (body.event as { type?: unknown }).type;
  later.push(() => {
    bolt.processEvent({
      body, ack: async () => {}, customProperties: {},
      ...(retry !== undefined ? { retryNum: retry } : {}), ...(reason ? { retryReason: reason } : {}),
    }).catch((err: unknown) => logger.error({ err: (err as Error).message, type }, 'Slack event failed after its ack'));
  });
}
