import type { BlockAction, types, webApi } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';

type KnownBlock = types.KnownBlock;

/** Where a button was clicked: the message and thread it belongs to. */
export interface ClickPlace {
  channel: string;
  /** The message was shown only to the clicker (slash command answers); Slack sends no copy of it. */
  ephemeral: boolean;
  messageTs?: string;
  /** The thread to answer in: the message's thread, or the message itself in a channel; none in a DM. */
  thread?: string;
  blocks?: KnownBlock[];
  text?: string;
}

export function clickPlace(body: BlockAction): ClickPlace | undefined {
  const channel = body.channel?.id ?? (typeof body.container?.channel_id === 'string' ? body.container.channel_id : undefined);
  if (!channel) return undefined;
  const message = body.message;
  if (body.container?.is_ephemeral === true || !message) return { channel, ephemeral: true };
  const thread = typeof message.thread_ts === 'string' ? message.thread_ts : channel.startsWith('D') ? undefined : message.ts;
  return {
    channel, ephemeral: false, messageTs: message.ts, ...(thread ? { thread } : {}),
    ...(Array.isArray(message.blocks) ? { blocks: message.blocks as KnownBlock[] } : {}),
    ...(typeof message.text === 'string' ? { text: message.text } : {}),
  };
}

/** A context line in place of a block (buttons already used: feedback given, choice made, question forwarded). */
export async function replaceBlock(client: webApi.WebClient, place: ClickPlace, blockId: string, text: string, log: Logger): Promise<void> {
  if (place.ephemeral || !place.messageTs || !place.blocks?.some((b) => b.block_id === blockId)) return;
  const blocks = place.blocks.map((b): KnownBlock => (b.block_id === blockId ? { type: 'context', block_id: blockId, elements: [{ type: 'mrkdwn', text }] } : b));
  try {
    await client.chat.update({ channel: place.channel, ts: place.messageTs, text: place.text ?? text, blocks });
  } catch (err) {
    log.warn({ slackChannel: place.channel, err: (err as Error).message }, 'could not update the message');
  }
}
