import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

/**
 * A chat channel: a thin translator between a platform's messages and answer().
 * HTTP channels mount routes on the service's one Express app; socket channels start and stop connections.
 * main.ts starts channels in order and stops them in reverse.
 */
export interface Channel {
  readonly name: string;
  /** Adds routes before the JSON API and error handlers (raw bodies stay untouched for signatures). */
  mount?(app: Express): void;
  /**
   * Takes a request before the Express app when it can answer it at once (Slack's event acks); true when it took it.
   * `next` hands a taken request on to the Express app after all.
   */
  intercept?(req: IncomingMessage, res: ServerResponse, next: () => void): boolean;
  start?(): Promise<void>;
  /** Stops taking new messages (connections, sockets). */
  stop?(): Promise<void>;
  /** Resolves when the answers this channel has accepted are all sent (graceful shutdown). */
  drain?(): Promise<void>;
}
