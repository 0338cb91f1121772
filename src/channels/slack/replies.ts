import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import type { SlackMessage } from './block-kit.js';

/** Sends one message somewhere: a thread, a DM, an ephemeral response. */
export type Reply = (m: { text: string; blocks?: SlackMessage['blocks'] }) => Promise<void>;

/** Visible progress while answering: a reaction or the Assistant status. Failures are logged, never fatal. */
export interface Progress { start(): Promise<void>; stop(): Promise<void> }

/** Posts in a channel, in the given thread when there is one. */
export function postIn(client: webApi.WebClient, channel: string, threadTs?: string): Reply {
  return async (m) => {
    await client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}), unfurl_links: false, unfurl_media: false });
  };
}

/** Answers through a response_url: only the asker sees it (or everyone, for "Post to channel"). */
export function respondWith(respond: RespondFn, type: 'ephemeral' | 'in_channel' = 'ephemeral'): Reply {
  return async (m) => {
    await respond({ response_type: type, replace_original: false, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
  };
}

const THINKING_REACTION = 'hourglass_flowing_sand';

/** An hourglass reaction on the asker's message while the answer is prepared. */
export function reactionProgress(client: webApi.WebClient, channel: string, ts: string, log: Logger): Progress {
  let added = false;
  return {
    async start() {
      try {
        await client.reactions.add({ channel, timestamp: ts, name: THINKING_REACTION });
        added = true;
      } catch (err) {
        log.debug({ err: (err as Error).message }, 'could not add the progress reaction');
      }
    },
    async stop() {
      if (!added) return;
      try {
        await client.reactions.remove({ channel, timestamp: ts, name: THINKING_REACTION });
      } catch (err) {
        log.debug({ err: (err as Error).message }, 'could not remove the progress reaction');
      }
    },
  };
}

/** The Assistant's "is thinking..." status (cleared by Slack when the reply is posted); a reaction if it fails. */
export function statusProgress(setStatus: (status: string) => Promise<unknown>, status: string, fallback: Progress, log: Logger): Progress {
  let usedFallback = false;
  return {
    async start() {
      try {
        await setStatus(status);
      } catch (err) {
        log.debug({ err: (err as Error).message }, 'could not set the assistant status; using a reaction');
        usedFallback = true;
        await fallback.start();
      }
    },
    async stop() {
      if (usedFallback) await fallback.stop();
    },
  };
}
