import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, types, webApi } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { ACTION, BLOCK, packValue, unpackValue, type ExpertValue, type ResolveValue } from './actions.js';
import { clickPlace, replaceBlock, type ClickPlace } from './click.js';
import type { SlackDeps } from './deps.js';
import { escapeMrkdwn, link, truncate, withMention } from './mrkdwn.js';
import { respondWith } from './replies.js';

type Click = BlockAction<ButtonAction>;
type ClickArgs = SlackActionMiddlewareArgs<Click> & AllMiddlewareArgs;

/**
 * "Ask a customs expert": forwards the question, the bot's answer and a link to the thread to the experts channel
 * with a "Mark resolved" button; the asker is told, and told again when an expert marks it resolved.
 */
export function registerExpertDesk(app: App, deps: SlackDeps): void {
  const log = deps.logger.child({ event: 'expert' });

  app.action<Click>(ACTION.expert, async ({ ack, body, action, client, respond }: ClickArgs) => {
    await ack();
    const v = unpackValue<ExpertValue>(action.value, ['q', 'a', 'lang']);
    const place = clickPlace(body);
    if (!v || !place) return void log.warn({ action: action.action_id }, 'expert request with an unreadable value');
    const t = (k: string, vars: Record<string, string> = {}) => deps.messages.text(v.lang, k, vars);
    const user = body.user.id;
    const tell = async (text: string) => (place.ephemeral
      ? respondWith(respond)({ text: escapeMrkdwn(text) })
      : void (await client.chat.postMessage({ channel: place.channel, ...(place.thread ? { thread_ts: place.thread } : {}), text: `<@${user}> ${escapeMrkdwn(text)}` })));
    if (!deps.expertsChannel) return tell(t('expert_off'));

    const request = withMention((u) => t('expert_request', { user: u }), user);
    const where = await threadLink(client, place, t('slack_open_thread'), log);
    const resolve: ResolveValue = { channel: place.channel, ...(place.thread ? { thread: place.thread } : {}), user, q: v.q, lang: v.lang };
    const blocks: types.KnownBlock[] = [
      { type: 'section', text: { type: 'mrkdwn', text: `*${request}*\n${quote(truncate(v.q, 1000))}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(t('expert_bot_answer'))}*\n${quote(truncate(v.a, 2000))}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: where }] },
      { type: 'actions', block_id: BLOCK.resolve, elements: [{ type: 'button', style: 'primary', action_id: ACTION.resolve, text: { type: 'plain_text', text: truncate(t('expert_resolve'), 75) }, value: packValue(resolve) }] },
    ];
    try {
      await client.chat.postMessage({ channel: deps.expertsChannel, text: `${request} ${escapeMrkdwn(truncate(v.q, 500))}`, blocks, unfurl_links: false });
    } catch (err) {
      await tell(t('error'));
      throw err;
    }
    log.info({ slackChannel: place.channel, user }, 'question forwarded to the experts');
    await replaceBlock(client, place, BLOCK.more, `:mailbox_with_mail: ${escapeMrkdwn(t('expert_forwarded'))}`, log);
    await tell(t('expert_forwarded'));
  });

  app.action<Click>(ACTION.resolve, async ({ ack, body, action, client }: ClickArgs) => {
    await ack();
    const v = unpackValue<ResolveValue>(action.value, ['channel', 'user', 'q', 'lang']);
    const place = clickPlace(body);
    if (!v || !place) return void log.warn({ action: action.action_id }, 'resolve with an unreadable value');
    const text = `<@${v.user}> ${escapeMrkdwn(deps.messages.text(v.lang, 'expert_resolved_asker', { question: truncate(v.q, 500) }))}`;
    // In the asker's thread when there is one; otherwise (a private slash-command answer) in a DM from the app.
    await client.chat.postMessage({ channel: v.thread ? v.channel : v.user, ...(v.thread ? { thread_ts: v.thread } : {}), text });
    await replaceBlock(client, place, BLOCK.resolve, `:white_check_mark: ${escapeMrkdwn(deps.messages.text(v.lang, 'expert_resolved_ack'))} (<@${body.user.id}>)`, log);
    log.info({ expert: body.user.id, asker: v.user }, 'expert request resolved');
  });
}

const quote = (s: string) => escapeMrkdwn(s).split('\n').map((l) => `>${l}`).join('\n');

/** A link to the asker's thread (its permalink), or the channel when the answer was private. */
async function threadLink(client: webApi.WebClient, place: ClickPlace, label: string, log: Logger): Promise<string> {
  const ts = place.thread ?? place.messageTs;
  if (ts) {
    try {
      const res = await client.chat.getPermalink({ channel: place.channel, message_ts: ts });
      if (res.permalink) return link(res.permalink, label);
    } catch (err) {
      log.debug({ err: (err as Error).message }, 'no permalink for the thread');
    }
  }
  return place.channel.startsWith('C') || place.channel.startsWith('G') ? `<#${place.channel}>` : escapeMrkdwn(label);
}
