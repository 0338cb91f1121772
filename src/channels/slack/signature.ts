import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import { checkSlackBody, setCheckedBody } from './body-shape.js';

/** Slack's limit on the clock difference of a signed request, in either direction. */
export const MAX_SKEW_SECONDS = 300;

export interface SignedRequest {
  signingSecret: string;
  /** The raw request body, exactly as received. */
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** Current time in seconds since the epoch (a parameter so tests can use Slack's published example). */
  nowSeconds?: number;
}

export type SignatureProblem = 'missing' | 'stale' | 'mismatch';

/** The `v0=` HMAC-SHA256 signature Slack puts in `x-slack-signature` for `v0:timestamp:body`. */
export function slackSignature(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * Checks a Slack request signature: present, timestamp within 300 s of now in either direction (Bolt only refuses old
 * ones), and equal to our HMAC in constant time. Returns undefined when valid, else what is wrong.
 */
export function checkSlackSignature(req: SignedRequest): SignatureProblem | undefined {
  const { signingSecret, body, timestamp, signature } = req;
  if (!signingSecret || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  const now = req.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > MAX_SKEW_SECONDS) return 'stale';
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, body));
  const given = Buffer.from(signature);
  // The expected length is public (v0= and 64 hex digits); only the content is compared in constant time.
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'mismatch';
}

/** One request header's value (the first of repeated ones). */
export const header = (req: Request, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Express middleware for Bolt's route: reads the raw body, answers 401 to an unsigned, stale or forged request and
 * 400 to a signed body that is not shaped like anything Slack sends, and hands the raw body on as `req.rawBody` (Bolt's
 * ExpressReceiver reads it from there) with a JSON body parsed once (body-shape.ts `checkedJson`).
 */
export function slackSignatureGuard(signingSecret: string, logger: Logger, limit = '1mb'): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit });
  const verify = (req: Request, res: Response, next: NextFunction) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const text = body.toString('utf8');
    const problem = checkSlackSignature({ signingSecret, body: text, timestamp: header(req, 'x-slack-request-timestamp'), signature: header(req, 'x-slack-signature') });
    if (problem) {
      logger.warn({ problem, ip: req.ip }, 'Slack request refused: bad signature');
      res.status(401).send();
      return;
    }
    const shape = checkSlackBody(header(req, 'content-type'), text);
    if (shape.problem !== undefined) {
      logger.warn({ problem: shape.problem }, 'Slack request refused: not a Slack payload');
      res.status(400).send();
      return;
    }
    setCheckedBody(req, body, shape.json);
    next();
  };
  const readRaw = (req: Request, res: Response, next: NextFunction) =>
    raw(req, res, (err?: unknown) => {
      if (!err) return next();
      const status = (err as { type?: string }).type === 'entity.too.large' ? 413 : 400;
      logger.warn({ status }, 'Slack request body refused');
      res.status(status).send();
    });
  return [readRaw, verify];
}
