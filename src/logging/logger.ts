import { pino, type DestinationStream } from 'pino';

/** The logging seam: modules receive a Logger and derive children; nothing else writes to the console. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level: string;
  /** Logs go to stderr so CLI output on stdout stays machine-readable. */
  destination?: number;
  /** Also keep users' message text (questions, answers) out of the logs. */
  redactText?: boolean;
  /** Where lines go instead of `destination` (the human-readable stream of `prettyDestination`). */
  stream?: DestinationStream;
}

/** Paths never written to logs (tokens, secrets, authorization headers). */
export const REDACT_PATHS = [
  'token', '*.token', 'secret', '*.secret', 'password', '*.password', 'apiKey', '*.apiKey',
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'req.headers["x-slack-signature"]',
];

/** Fields that carry what users wrote or were told; redacted when LOG_REDACT_TEXT is on. */
export const TEXT_PATHS = ['question', '*.question', 'text', '*.text', 'answer', '*.answer', 'query', '*.query'];

export function createLogger(opts: LoggerOptions): Logger {
  return pino(
    { level: opts.level, base: { app: 'aeo-bot' }, redact: { paths: [...REDACT_PATHS, ...(opts.redactText ? TEXT_PATHS : [])], censor: '[redacted]' } },
    opts.stream ?? pino.destination({ dest: opts.destination ?? 2, sync: true }),
  ) as unknown as Logger;
}

/** LOG_FORMAT: pretty lines for a person at a terminal, JSON lines for log collectors (and `auto` decides by TTY). */
export function prettyLogs(format: 'auto' | 'json' | 'pretty', isTTY: boolean | undefined): boolean {
  return format === 'pretty' || (format === 'auto' && isTTY === true);
}

/**
 * Human-readable lines ("12:00:01.000 INFO: listening on http://localhost:3978/") through pino-pretty, written
 * synchronously to a file descriptor. Loaded only when used: services writing JSON never pay for it.
 */
export async function prettyDestination(fd = 2, colorize = false): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({ destination: fd, sync: true, colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' });
}

/** A logger that drops everything; for tests that do not assert on logs. */
export function silentLogger(): Logger {
  const noop = () => undefined;
  const self: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => self };
  return self;
}

export interface LogRecord { level: string; msg: string; [k: string]: unknown }

/** A logger that keeps records in memory, so tests can assert on what was logged. */
export function memoryLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger & { records: LogRecord[] } {
  const write = (level: string) => (obj: object | string, msg?: string) => {
    if (typeof obj === 'string') records.push({ ...bindings, level, msg: obj });
    else records.push({ ...bindings, ...(obj as Record<string, unknown>), level, msg: msg ?? '' });
  };
  return {
    records,
    debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'),
    child: (b) => memoryLogger(records, { ...bindings, ...b }),
  };
}
