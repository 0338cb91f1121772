import type { App } from '@slack/bolt';
import { answerTurn } from './answer-turn.js';
import { conversationId, messageKey, threadContext } from './conversation.js';
import { DEDUPE_TTL_MS, type SlackAppDeps } from './deps.js';
import { liveFor } from './live-message.js';
import { mentions, toQuestion } from './mrkdwn.js';
import { postIn, reactionProgress } from './replies.js';

/** Message subtypes that are still a person writing (everything else is an edit, a join, a bot...). */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

interface IncomingMessage { type: string; subtype?: string; user?: string; bot_id?: string; text?: string; ts: string; thread_ts?: string; channel: string; channel_type?: string }

/**
 * Mentions in channels (answered in the mention's thread), direct messages, and replies in threads the bot takes
 * part in. A message seen twice (a mention also delivered as a message event, or a retry) is answered once.
 * A channel thread reply costs a Web API call only in a thread the bot has posted in (remembered in shared state).
 */
export function registerMessageHandlers(app: App, deps: SlackAppDeps): void {
  const log = deps.logger;

  app.event('app_mention', async ({ event, context, client }) => {
    const m = event as unknown as IncomingMessage;
    if (m.bot_id || !m.user || !PERSON_SUBTYPES.has(m.subtype)) return;
    if (!(await deps.dedupe.firstSeen(messageKey(context.teamId, m.channel, m.ts), DEDUPE_TTL_MS))) return;
    const thread = m.thread_ts ?? m.ts;
    await deps.threads?.remember(context.teamId, m.channel, thread);
    const history = m.thread_ts ? (await threadContext(client, m.channel, m.thread_ts, m.ts, context, log)).turns : undefined;
    const turnLog = log.child({ event: 'app_mention', slackChannel: m.channel });
    await answerTurn(deps, {
      question: toQuestion(m.text, context.botUserId), userId: m.user, teamId: context.teamId,
      conversationId: conversationId(context.teamId, m.channel, thread), ...(history ? { history } : {}),
      reply: postIn(client, m.channel, thread), progress: reactionProgress(client, m.channel, m.ts, log),
      live: liveFor(client, streamTarget(m.channel, thread, m.user, context.teamId), turnLog),
      log: turnLog,
    });
  });

  app.event('message', async ({ event, context, client }) => {
    const m = event as unknown as IncomingMessage;
    if (m.bot_id || !m.user || m.user === context.botUserId || !PERSON_SUBTYPES.has(m.subtype)) return;
    const isDm = m.channel_type === 'im';
    const inThread = !!m.thread_ts && m.thread_ts !== m.ts;
    let history;
    if (!isDm) {
      // In channels: mentions are answered by app_mention; other messages only in threads the bot takes part in.
      if (!inThread || mentions(m.text, context.botUserId)) return;
      if (deps.threads && !(await deps.threads.has(context.teamId, m.channel, m.thread_ts!))) return;
      const ctx = await threadContext(client, m.channel, m.thread_ts!, m.ts, context, log);
      if (!deps.threads && !ctx.botInThread) return;
      history = ctx.turns;
    } else if (inThread) {
      history = (await threadContext(client, m.channel, m.thread_ts!, m.ts, context, log)).turns;
    }
    if (!(await deps.dedupe.firstSeen(messageKey(context.teamId, m.channel, m.ts), DEDUPE_TTL_MS))) return;
    const thread = inThread ? m.thread_ts : undefined;
    if (thread && !isDm) await deps.threads?.remember(context.teamId, m.channel, thread);
    const turnLog = log.child({ event: isDm ? 'dm' : 'thread_reply', slackChannel: m.channel });
    await answerTurn(deps, {
      question: toQuestion(m.text, context.botUserId), userId: m.user, teamId: context.teamId,
      conversationId: conversationId(context.teamId, m.channel, thread), ...(history ? { history } : {}),
      reply: postIn(client, m.channel, thread), progress: reactionProgress(client, m.channel, m.ts, log),
      live: liveFor(client, streamTarget(m.channel, thread, m.user, context.teamId), turnLog),
      log: turnLog,
    });
  });
}

const streamTarget = (channel: string, threadTs: string | undefined, userId: string, teamId: string | undefined) =>
  ({ channel, userId, ...(threadTs ? { threadTs } : {}), ...(teamId ? { teamId } : {}) });
