import { AppError, fileError } from '../../errors.js';

/**
 * Runs a read of a user-named file or folder: file-system failures become coded FILE_* errors naming the path,
 * anything else (a malformed line) FILE_INVALID.
 */
export async function readingFile<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (typeof (err as { code?: unknown } | undefined)?.code === 'string') throw fileError(err, path);
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError('FILE_INVALID', `${path} is not a valid evaluation file: ${reason}`, { path }, { cause: err });
  }
}
