import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import { AppError } from '../../errors.js';

/** jsonwebtoken's errors for a token that is malformed, badly signed, expired or not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder's token check with a deadline and one error shape: a bad or missing token is UNAUTHORIZED (401), keys
 * that cannot be fetched are AUTH_UNAVAILABLE (503). No internal message (DNS errors, stack) reaches the caller;
 * `details.reason` is for the log.
 */
export async function authenticate(
  auth: BotFrameworkAuthentication,
  activity: Activity,
  authHeader: string,
  timeoutMs: number,
): Promise<AuthenticateRequestResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AppError('AUTH_UNAVAILABLE', 'Token validation timed out.', {
            reason: `token check took over ${timeoutMs} ms`,
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([auth.authenticateRequest(activity, authHeader), deadline]);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as Error & { statusCode?: number };
    const reason = TOKEN_ERRORS.has(e.name) ? `${e.name}: ${e.message}` : e.message;
    throw new AppError('UNAUTHORIZED', 'Missing or invalid Bot Framework token.', { reason });
  } finally {
    clearTimeout(timer);
  }
}
