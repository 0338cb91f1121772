import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { API_SECURITY_HEADERS } from '../http/security-headers.js';
import { acksFirst, laterToBolt } from './ack-first.js';
import type { AfterBurst } from './after-burst.js';
import { checkSlackBody } from './body-shape.js';
import { checkSlackSignature } from './signature.js';

export interface FastAckOptions {
  path: string;
  signingSecret: string;
  /** Bodies over this many bytes (by their Content-Length) go the Express way, which refuses them. */
  limitBytes: number;
  app: () => App | undefined;
  later: AfterBurst;
  logger: Logger;
}

/** Takes a request before the Express app (true), or leaves it to the app (false); `next` hands it on after all. */
export type Intercept = (req: IncomingMessage, res: ServerResponse, next: () => void) => boolean;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * Acknowledges a signed Events API callback before the Express app sees it: the body is read and its signature and
 * shape checked here, then 200, then Bolt's processing once the burst has passed (ack-first.ts). Express's chain
 * (security headers, request id, router, body parser, the guard's middleware) was a third of an ack's CPU (bursts of
 * 100 ignored events: 0.96-1.0 -> 0.71 ms CPU per event, Bolt's later processing included; slowest ack of a burst
 * 50-54 -> 25-29 ms, loaded machine). A request with a bad signature or shape, a url_verification, or any other
 * Events API body goes on to the Express route with its body already read (the body parser then skips it), where the
 * guard decides exactly as before. Returns false, leaving the request to the Express app untouched, for anything but
 * a plain JSON body of known length on this path (slash commands, interactions, compressed or chunked bodies).
 */
export function fastSlackAck(o: FastAckOptions): Intercept {
  return (req, res, next) => {
    if (req.method !== 'POST' || (req.url !== o.path && !req.url?.startsWith(`${o.path}?`))) return false;
    const type = first(req.headers['content-type'])?.split(';')[0]?.trim().toLowerCase();
    const length = Number(first(req.headers['content-length']));
    const encoding = first(req.headers['content-encoding']);
    const bolt = o.app();
    const plain = !encoding || encoding === 'identity';
    if (!bolt || type !== 'application/json' || !(length >= 0 && length <= o.limitBytes) || !plain) return false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    // A request cut off mid-body has no one to answer.
    req.on('error', () => undefined);
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const text = raw.toString('utf8');
      const signed = !checkSlackSignature({
        signingSecret: o.signingSecret, body: text,
        timestamp: first(req.headers['x-slack-request-timestamp']), signature: first(req.headers['x-slack-signature']),
      });
      const shape = signed ? checkSlackBody(type, text) : undefined;
      const body = shape && shape.problem === undefined ? shape.json : undefined;
      if (!acksFirst(body)) {
        // The guard reads req.body as express.raw would have left it.
        (req as IncomingMessage & { body?: Buffer }).body = raw;
        next();
        return;
      }
      // The caller's request id when it is sane, as the Express app's own middleware keeps it.
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
      res.writeHead(200, { ...API_SECURITY_HEADERS, 'x-request-id': id, 'content-length': '0' }).end();
      laterToBolt(o.later, bolt, body, req.headers, o.logger);
    });
    return true;
  };
}
