/** Stable error codes: callers and channels switch on these, never on messages. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'KNOWLEDGE_EMPTY'
  | 'KNOWLEDGE_MISSING'
  | 'KNOWLEDGE_FILE_INVALID'
  | 'REGISTRY_INVALID'
  | 'INDEX_CORRUPT'
  | 'INDEX_MISMATCH'
  | 'INDEX_BUILD_FAILED'
  | 'EMBEDDINGS_UNAVAILABLE'
  | 'BAD_REQUEST'
  | 'QUESTION_EMPTY'
  | 'QUESTION_TOO_LONG'
  | 'NOT_READY'
  | 'UNAUTHORIZED'
  | 'AUTH_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'STOPPING'
  | 'RATE_LIMITED'
  | 'OVERLOADED'
  | 'INTERNAL';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  QUESTION_EMPTY: 400,
  QUESTION_TOO_LONG: 413,
  NOT_READY: 503,
  UNAUTHORIZED: 401,
  /** Tokens cannot be checked now (the signing keys' host is unreachable): the caller may retry. */
  AUTH_UNAVAILABLE: 503,
  NOT_FOUND: 404,
  STOPPING: 503,
  RATE_LIMITED: 429,
  /** Too many answers in flight on this replica: the caller may retry shortly. */
  OVERLOADED: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code] ?? 500;
  }
}

/** Wraps anything thrown into an AppError so handlers deal with one shape. */
export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('INTERNAL', message, {}, { cause: err });
}
