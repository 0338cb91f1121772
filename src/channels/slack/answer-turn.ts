import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Turn as HistoryTurn } from '../../core/answer.js';
import { AppError, asAppError, type ErrorCode } from '../../errors.js';
import { detectLanguage } from '../../i18n/messages.js';
import type { Logger } from '../../logging/logger.js';
import { ThrottledText } from '../../llm/throttled-text.js';
import { answerMessage, LIMITS, noticeMessage, type RenderOptions, type SlackMessage } from './block-kit.js';
import type { SlackDeps } from './deps.js';
import { escapeWithin } from './mrkdwn.js';
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
  /** Where a model-written answer is streamed as it is written: posted with the first words, then edited. */
  live?: LiveMessage;
  log: Logger;
}

/** A message posted once and then edited in place. */
export interface LiveMessage {
  post(m: { text: string }): Promise<void>;
  update(m: { text: string; blocks?: SlackMessage['blocks'] }): Promise<void>;
}

/** A live message in a channel or thread: chat.postMessage, then chat.update of that message. */
export function liveIn(client: webApi.WebClient, channel: string, threadTs?: string): LiveMessage {
  let ts: string | undefined;
  return {
    async post(m) {
      ts = (await client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: m.text, unfurl_links: false, unfurl_media: false })).ts;
    },
    async update(m) {
      if (!ts) throw new Error('the live message was never posted');
      await client.chat.update({ channel, ts, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
    },
  };
}

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
    (text, first) => { const m = { text: `${escapeWithin(text, LIMITS.text - 2)} …` }; return first ? live.post(m) : live.update(m); },
    LIVE_UPDATE_MS, (err) => log.warn({ err: err.message }, 'could not show the answer as it was written'),
  );
  await turn.progress?.start();
  try {
    let answer;
    try {
      answer = await deps.engine.answer(turn.question, { channel: 'slack', ...(turn.conversationId ? { conversationId: turn.conversationId } : {}), ...(turn.history?.length ? { history: turn.history } : {}), ...(stream ? { onToken: stream.push } : {}) });
    } catch (err) {
      const e = asAppError(err);
      if (!POLITE.has(e.code)) throw e;
      log.info({ code: e.code }, 'question refused');
      await notify(noticeMessage(deps.engine.userMessageFor(e, await language())));
      return;
    }
    const answerId = randomUUID();
    const message = answerMessage(answer, { answerId, question: turn.question, messages: deps.messages, experts: !!deps.expertsChannel, ...turn.render });
    // A streamed answer replaces its partial text in place.
    const send: Reply = live && (await stream?.close()) ? (m) => live.update(m) : turn.reply;
    try {
      await send(message);
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (!code || !BLOCK_ERRORS.has(code)) throw err;
      log.warn({ code, blocks: message.blocks.length }, 'Slack refused the blocks; sending the answer as text');
      await send({ text: message.text });
    }
    log.info({ answerId, kind: answer.kind, declined: answer.declined, ms: Math.round(performance.now() - started) }, 'answered');
  } catch (err) {
    const e = asAppError(err);
    const lang = await language();
    const apology = noticeMessage(deps.messages.text(lang, 'error'), { note: deps.messages.text(lang, 'slack_reference', { id: requestId }) });
    try {
      await (live && (await stream?.close()) ? live.update(apology) : notify(apology));
    } catch (postErr) {
      log.error({ err: (postErr as Error).message }, 'could not send the apology');
    }
    throw new AppError(e.code, e.message, { ...e.details, requestId }, { cause: err });
  } finally {
    await stream?.close();
    await turn.progress?.stop();
  }
}
