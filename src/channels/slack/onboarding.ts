import type { App } from '@slack/bolt';
import { ONCE_TTL_MS, type SlackDeps } from './deps.js';
import { channelIntro, homeView, suggestedPrompts } from './onboarding-views.js';
import { slackUserLanguage } from './user-language.js';

/**
 * What a user sees before asking: the App Home tab (views.publish), and in the agent messaging experience
 * (`agent_view`, where app_home_opened with tab "messages" replaces assistant_thread_started) suggested prompts for
 * the DM, set without a thread_ts (with one, Slack ignores them for agent apps), and a welcome once per user.
 * When the bot is added to a channel it introduces itself there once (remembered in the shared state).
 * Each text is in the language of the user's Slack client (the inviter's, for a channel intro).
 */
export function registerOnboarding(app: App, deps: SlackDeps): void {
  const log = deps.logger.child({ event: 'onboarding' });
  const languageOf = slackUserLanguage(log);

  app.event('app_home_opened', async ({ event, context, client }) => {
    const lang = await languageOf(client, event.user);
    if (event.tab === 'home') {
      await client.views.publish({ user_id: event.user, view: homeView(deps.messages, lang) });
      return;
    }
    if (event.tab !== 'messages' || !event.channel) return;
    const t = (k: string) => deps.messages.text(lang, k);
    const prompts = {
      channel_id: event.channel, title: t('slack_prompts_title'), prompts: suggestedPrompts(deps.messages, lang),
    };
    await client.assistant.threads.setSuggestedPrompts(prompts)
      .catch((err: Error) => log.warn({ err: err.message }, 'could not set the suggested prompts'));
    if (await deps.dedupe.firstSeen(`slack:welcome:${context.teamId ?? '-'}:${event.user}`, ONCE_TTL_MS)) {
      await client.chat.postMessage({ channel: event.channel, text: t('slack_welcome') });
    }
  });

  app.event('member_joined_channel', async ({ event, context, client }) => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    if (!(await deps.dedupe.firstSeen(`slack:intro:${context.teamId ?? '-'}:${event.channel}`, ONCE_TTL_MS))) return;
    const lang = await languageOf(client, event.inviter);
    await client.chat.postMessage({ channel: event.channel, ...channelIntro(deps.messages, lang), unfurl_links: false });
    log.info({ slackChannel: event.channel }, 'introduced itself in a channel');
  });
}
