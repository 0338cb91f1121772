import { pino } from 'pino';

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
    pino.destination({ dest: opts.destination ?? 2, sync: true }),
  ) as unknown as Logger;
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
