import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { LIMITS, type SlackMessage } from './block-kit.js';
import { escapeWithin } from './mrkdwn.js';

/** A model-written answer shown as it is written, then replaced by its final form. */
export interface LiveMessage {
  /** All the text written so far (raw: each kind escapes it); `first` posts it, later calls show the new text. */
  partial(text: string, first: boolean): Promise<void>;
  /** Replaces what was shown with the final message (the answer, or an apology). */
  final(m: { text: string; blocks?: SlackMessage['blocks'] }): Promise<void>;
}

/** Slack's errors for a method the workspace, token or app surface does not offer: post and update instead. */
const UNAVAILABLE = new Set([
  'unknown_method', 'not_allowed', 'not_allowed_token_type', 'method_not_supported_for_channel_type',
  'feature_not_enabled', 'missing_scope', 'team_not_allowed', 'method_deprecated',
]);

/** A message's text, less the " …" that says more is coming. */
const LIVE_TEXT_MAX = LIMITS.text - 2;

/** chat.startStream takes at most 12,000 characters per call; a partial answer beyond that is not streamed further. */
const MAX_STREAMED = 11_000;

/** Post-and-update: chat.postMessage with the first words, chat.update about once a second, then the final form. */
export function liveIn(client: webApi.WebClient, channel: string, threadTs?: string): LiveMessage {
  let ts: string | undefined;
  return {
    async partial(text, first) {
      const m = { text: `${escapeWithin(text, LIVE_TEXT_MAX)} …` };
      if (first) {
        const thread = threadTs ? { thread_ts: threadTs } : {};
        ts = (await client.chat.postMessage({ channel, ...thread, ...m, unfurl_links: false, unfurl_media: false })).ts;
      } else if (ts) {
        await client.chat.update({ channel, ts, ...m });
      }
    },
    async final(m) {
      if (!ts) throw new Error('the live message was never posted');
      await client.chat.update({ channel, ts, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
    },
  };
}

export interface StreamTarget {
  channel: string;
  threadTs: string;
  /** The asker: Slack needs them (and their team) to stream outside a DM. */
  userId: string;
  teamId?: string;
}

/**
 * Slack's native streaming (client.chatStream: chat.startStream, chat.appendStream, chat.stopStream) as a thread
 * reply; the final Block Kit form then replaces the streamed text with chat.update. Where the method is unavailable
 * (unknown_method, not_allowed...) the turn falls back to post-and-update from its first words on.
 */
export function streamIn(client: webApi.WebClient, to: StreamTarget, log: Logger): LiveMessage {
  const fallback = liveIn(client, to.channel, to.threadTs);
  // An older @slack/web-api has no chatStream(): post and update.
  if (typeof client.chatStream !== 'function') return fallback;
  const dm = to.channel.startsWith('D');
  const streamer = client.chatStream({
    channel: to.channel, thread_ts: to.threadTs, buffer_size: 1,
    ...(dm || !to.teamId ? {} : { recipient_user_id: to.userId, recipient_team_id: to.teamId }),
  });
  let mode: 'stream' | 'fallback' = 'stream';
  let sent = 0;
  let stopped = false;
  return {
    async partial(text, first) {
      if (mode === 'fallback') return fallback.partial(text, first);
      // Escaped so the markdown shows what the model wrote; cut before escaping, so the prefix sent stays the same.
      const piece = escapeWithin(text, MAX_STREAMED).slice(sent);
      if (!piece) return;
      try {
        await streamer.append({ markdown_text: piece });
        sent += piece.length;
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        if (!first || !code || !UNAVAILABLE.has(code)) throw err;
        log.info({ code }, 'native streaming unavailable; posting and updating instead');
        mode = 'fallback';
        await fallback.partial(text, true);
      }
    },
    async final(m) {
      if (mode === 'fallback') return fallback.final(m);
      if (!streamer.ts) throw new Error('the stream was never started');
      if (!stopped) {
        stopped = true;
        await streamer.stop();
      }
      const blocks = m.blocks ? { blocks: m.blocks } : {};
      await client.chat.update({ channel: to.channel, ts: streamer.ts, text: m.text, ...blocks });
    },
  };
}

/** Native streaming in a thread; post-and-update at the top level (Slack streams only thread replies in DMs). */
export function liveFor(
  client: webApi.WebClient, to: Omit<StreamTarget, 'threadTs'> & { threadTs?: string | undefined }, log: Logger,
): LiveMessage {
  return to.threadTs ? streamIn(client, { ...to, threadTs: to.threadTs }, log) : liveIn(client, to.channel);
}
