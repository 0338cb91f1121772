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
  | 'CONFLICT'
  | 'OVERLOADED'
  | 'USAGE'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'FILE_INVALID'
  | 'FILE_UNWRITABLE'
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
  /** The thing changed since the caller read it (a knowledge page since its diff was shown). */
  CONFLICT: 409,
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

/** Plain words for the file-system errors a user can cause (a typo in a path, a folder without permission). */
const FILE_ERRNO: Record<string, [ErrorCode, string]> = {
  ENOENT: ['FILE_NOT_FOUND', 'no such file or folder'],
  ENOTDIR: ['FILE_NOT_FOUND', 'a part of the path is not a folder'],
  EISDIR: ['FILE_UNREADABLE', 'it is a folder, not a file'],
  EACCES: ['FILE_UNREADABLE', 'permission denied'],
  EPERM: ['FILE_UNREADABLE', 'operation not permitted'],
};

/**
 * A file-system error as a coded AppError naming the path: "cannot read x.jsonl: no such file or folder".
 * `action` is the verb ("read", "write"); write failures are coded FILE_UNWRITABLE whatever the cause.
 */
export function fileError(err: unknown, path: string, action: 'read' | 'write' = 'read'): AppError {
  if (err instanceof AppError) return err;
  const errno = (err as { code?: unknown } | undefined)?.code;
  const known = typeof errno === 'string' ? FILE_ERRNO[errno] : undefined;
  const reason = known?.[1] ?? (err instanceof Error ? err.message : String(err));
  const code: ErrorCode = action === 'write' ? 'FILE_UNWRITABLE' : (known?.[0] ?? 'FILE_UNREADABLE');
  return new AppError(code, `cannot ${action} ${path}: ${reason}`, { path, ...(typeof errno === 'string' ? { errno } : {}) }, { cause: err });
}
