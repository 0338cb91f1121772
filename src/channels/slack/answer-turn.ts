import { randomUUID } from 'node:crypto';
import type { Turn as HistoryTurn } from '../../core/answer.js';
import { AppError, asAppError, type ErrorCode } from '../../errors.js';
import { detectLanguage } from '../../i18n/messages.js';
import type { Logger } from '../../logging/logger.js';
import { ThrottledText } from '../../llm/throttled-text.js';
import { answerMessages, noticeMessage, type RenderOptions, type SlackMessage } from './block-kit.js';
import type { SlackDeps } from './deps.js';
import type { LiveMessage } from './live-message.js';
import type { Progress, Reply } from './replies.js';

export interface SlackTurn {
  question: string;
  userId: string;
  teamId?: string;
  conversationId?: string;
  history?: HistoryTurn[];
  /** Where the answer goes. */
  reply: Reply;
  /** Where refusals, limits and apologies go (defaults to `reply`). */
  notify?: Reply;
  progress?: Progress;
  render?: Pick<RenderOptions, 'ephemeral' | 'askedBy'>;
  /** Where a model-written answer is shown as it is written (native streaming, or posted and edited). */
  live?: LiveMessage;
  log: Logger;
}

// Where the live message kinds used to be: callers and tests import liveIn from here too.
export { liveIn } from './live-message.js';

/** Slack allows about one chat.update per second per message. */
const LIVE_UPDATE_MS = 1000;

/** Errors the user can fix or wait out: a polite reply, not an apology. */
const POLITE: ReadonlySet<ErrorCode> = new Set(['QUESTION_EMPTY', 'QUESTION_TOO_LONG', 'NOT_READY']);

/** Slack refusals of a message's blocks: the answer is sent again as plain text. */
const BLOCK_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long', 'msg_too_long', 'too_many_blocks']);

/**
 * One question in Slack, always ending in a message: the answer, a polite refusal (empty, too long, loading,
 * rate-limited) or a short apology with a reference id. Unexpected failures are rethrown with that request id so the
 * channel's one error handler logs them.
 */
export function answerTurn(deps: SlackDeps, turn: SlackTurn): Promise<void> {
  // Queued: a burst of events is acknowledged first (Slack's 3 s), then answered a few at a time.
  return deps.work.run(() => answerNow(deps, turn));
}

async function answerNow(deps: SlackDeps, turn: SlackTurn): Promise<void> {
  const requestId = randomUUID().slice(0, 8);
  const log = turn.log.child({ requestId });
  const notify = turn.notify ?? turn.reply;
  const language = async () => (turn.question.trim() ? detectLanguage(turn.question).catch(() => 'en') : 'en');

  const limit = await deps.rateLimiter.take(`${turn.teamId ?? '-'}:${turn.userId}`);
  if (!limit.allowed) {
    log.info({ user: turn.userId, notified: limit.notify }, 'rate limited');
    if (limit.notify) await notify(noticeMessage(deps.messages.text(await language(), 'slack_rate_limited'), { mention: turn.userId }));
    return;
  }
  const started = performance.now();
  const live = turn.live;
  const stream = live && new ThrottledText(
    (text, first) => live.partial(text, first),
    LIVE_UPDATE_MS, (err) => log.warn({ err: err.message }, 'could not show the answer as it was written'),
  );
  await turn.progress?.start();
  try {
    let answer;
    const answerId = randomUUID();
    try {
      answer = await deps.engine.answer(turn.question, { channel: 'slack', answerId, userId: turn.userId, ...(turn.conversationId ? { conversationId: turn.conversationId } : {}), ...(turn.history?.length ? { history: turn.history } : {}), ...(stream ? { onToken: stream.push } : {}) });
    } catch (err) {
      const e = asAppError(err);
      if (!POLITE.has(e.code)) throw e;
      log.info({ code: e.code }, 'question refused');
      await notify(noticeMessage(deps.engine.userMessageFor(e, await language())));
      return;
    }
    const messages = answerMessages(answer, { answerId, question: turn.question, messages: deps.messages, experts: !!deps.expertsChannel, ...turn.render });
    // A streamed answer replaces its partial text in place; a very long one goes on in the next messages.
    const shown = !!live && !!(await stream?.close());
    for (const [i, message] of messages.entries()) await sendOrText(i === 0 && shown && live ? (m) => live.final(m) : turn.reply, message, log);
    log.info({ answerId, kind: answer.kind, declined: answer.declined, messages: messages.length, ms: Math.round(performance.now() - started) }, 'answered');
  } catch (err) {
    const e = asAppError(err);
    const lang = await language();
    const apology = noticeMessage(deps.messages.text(lang, 'error'), { note: deps.messages.text(lang, 'slack_reference', { id: requestId }) });
    try {
      await (live && (await stream?.close()) ? live.final(apology) : notify(apology));
    } catch (postErr) {
      log.error({ err: (postErr as Error).message }, 'could not send the apology');
    }
    throw new AppError(e.code, e.message, { ...e.details, requestId }, { cause: err });
  } finally {
    await stream?.close();
    await turn.progress?.stop();
  }
}

/** Sends a message; if Slack still refuses its blocks, sends its text alone (logged: the renderer should prevent it). */
async function sendOrText(send: Reply, message: SlackMessage, log: Logger): Promise<void> {
  try {
    await send(message);
  } catch (err) {
    // Web API errors carry data.error; a response_url refusal is an HTTP 400 with the error as its body.
    const e = err as { data?: { error?: string }; response?: { data?: unknown } };
    const code = e.data?.error ?? (typeof e.response?.data === 'string' ? e.response.data.trim() : undefined);
    if (!code || !BLOCK_ERRORS.has(code)) throw err;
    log.warn({ code, blocks: message.blocks.length }, 'Slack refused the blocks; sending the answer as text');
    await send({ text: message.text });
  }
}
