import type { Logger } from '../../logging/logger.js';

/**
 * Runs a Redis operation; on failure logs (at most once per `quietMs` per operation) and returns the fallback.
 * Shared state is an optimisation of correctness (no double answers, no lost sessions), never a reason to go silent.
 */
export function withFallback(log: Logger, quietMs = 10_000) {
  const lastLogged = new Map<string, number>();
  return async <T>(op: string, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      const now = Date.now();
      if ((lastLogged.get(op) ?? 0) + quietMs <= now) {
        lastLogged.set(op, now);
        log.warn({ op, err: (err as Error).message }, 'Redis operation failed; using the fallback');
      }
      return fallback;
    }
  };
}
