import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';

const text = (parts: unknown[]) => parts.map((p) => {
  if (typeof p === 'string') return p;
  if (p instanceof Error) return p.message;
  try {
    return JSON.stringify(p);
  } catch {
    return String(p);
  }
}).join(' ');

/** The Web API client's debug lines that carry message bodies (questions, answers): never logged. */
const BODY_LINES = /^http request (body|result):/;

/** Bolt's and the Web API client's logs through the service logger (its level and redaction apply). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  return {
    // Bolt's debug chatter (several lines per request) is only formatted when asked for: it costs ack latency.
    debug: (...m: unknown[]) => {
      if (level !== LogLevel.DEBUG) return;
      const line = text(m);
      if (!BODY_LINES.test(line)) log.debug({ source: name }, line);
    },
    info: (...m: unknown[]) => log.info({ source: name }, text(m)),
    warn: (...m: unknown[]) => log.warn({ source: name }, text(m)),
    error: (...m: unknown[]) => log.error({ source: name }, text(m)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: (n: string) => void (name = n),
  };
}
