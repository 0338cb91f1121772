import type { webApi } from '@slack/bolt';
import type { Turn } from '../../core/answer.js';
import type { Logger } from '../../logging/logger.js';
import { toQuestion } from './mrkdwn.js';

/** The engine's conversation id: one per thread, or per DM channel for top-level direct messages. */
export function conversationId(team: string | undefined, channel: string, thread?: string): string {
  return `slack:${team ?? '-'}:${channel}${thread ? `:${thread}` : ''}`;
}

/** The dedupe key of one Slack message: a mention that also arrives as a message event, or a retry, maps to it. */
export function messageKey(team: string | undefined, channel: string, ts: string): string {
  return `slack:msg:${team ?? '-'}:${channel}:${ts}`;
}

export interface BotIdentity { botUserId?: string; botId?: string }

export interface ThreadContext {
  /** Recent turns before the current message, oldest first. */
  turns: Turn[];
  /** The bot has posted in this thread (so a reply without a mention is addressed to it). */
  botInThread: boolean;
}

const MAX_TURNS = 8;
const MAX_TURN_CHARS = 1000;

/** The thread's recent turns from conversations.replies; on failure, no context (logged), never an exception. */
export async function threadContext(client: webApi.WebClient, channel: string, threadTs: string, currentTs: string, bot: BotIdentity, log: Logger): Promise<ThreadContext> {
  try {
    const res = await client.conversations.replies({ channel, ts: threadTs, limit: 200 });
    const isBot = (m: { user?: string; bot_id?: string }) => (!!bot.botUserId && m.user === bot.botUserId) || (!!bot.botId && m.bot_id === bot.botId);
    const earlier = (res.messages ?? []).filter((m) => m.ts !== currentTs && (!m.ts || Number(m.ts) < Number(currentTs)));
    const turns = earlier
      .map((m): Turn => ({ role: isBot(m) ? 'bot' : 'user', text: toQuestion(m.text, bot.botUserId).slice(0, MAX_TURN_CHARS) }))
      .filter((t) => t.text)
      .slice(-MAX_TURNS);
    return { turns, botInThread: earlier.some(isBot) };
  } catch (err) {
    log.warn({ slackChannel: channel, err: (err as Error).message }, 'could not read the thread; answering without its context');
    return { turns: [], botInThread: false };
  }
}
