import { Assistant } from '@slack/bolt';
import { detectLanguage } from '../../i18n/messages.js';
import { answerTurn } from './answer-turn.js';
import { conversationId, messageKey, threadContext } from './conversation.js';
import { DEDUPE_TTL_MS, type SlackDeps } from './deps.js';
import { streamIn } from './live-message.js';
import { suggestedPrompts } from './onboarding-views.js';
import { toQuestion, truncate } from './mrkdwn.js';
import { postIn, reactionProgress, statusProgress } from './replies.js';

interface AssistantMessage { subtype?: string; user?: string; bot_id?: string; text?: string; ts: string; thread_ts?: string; channel: string }

/**
 * Slack's assistant threads: suggested prompts when a thread starts (`assistant_view` installs; the agent view has
 * no such event: see onboarding.ts), a title from the first question, "is thinking..." while answering, and every
 * answer streamed in the thread with the thread's turns as context. Bolt routes DM thread replies here in both views.
 */
export function createAssistant(deps: SlackDeps): Assistant {
  const log = deps.logger.child({ event: 'assistant' });
  return new Assistant({
    // Context (the channel the user is viewing) is not used to answer: no store round-trips.
    threadContextStore: { get: async () => ({}), save: async () => undefined },
    threadStarted: async ({ event, body, client, setSuggestedPrompts }) => {
      const { channel_id: channel, thread_ts: thread } = event.assistant_thread;
      const eventId = (body as { event_id?: string }).event_id ?? `${channel}:${thread}`;
      if (!(await deps.dedupe.firstSeen(`slack:event:${eventId}`, DEDUPE_TTL_MS))) return;
      const t = (k: string) => deps.messages.text('en', k);
      await client.chat.postMessage({ channel, thread_ts: thread, text: t('slack_welcome') });
      await setSuggestedPrompts({ title: t('slack_prompts_title'), prompts: suggestedPrompts(deps.messages) });
    },
    userMessage: async ({ message, context, client, setStatus, setTitle }) => {
      const m = message as unknown as AssistantMessage;
      if (m.bot_id || !m.user || m.user === context.botUserId || !m.thread_ts) return;
      if (!(await deps.dedupe.firstSeen(messageKey(context.teamId, m.channel, m.ts), DEDUPE_TTL_MS))) return;
      const question = toQuestion(m.text, context.botUserId);
      const ctx = await threadContext(client, m.channel, m.thread_ts, m.ts, context, log);
      if (!ctx.turns.some((turn) => turn.role === 'user') && question) {
        await setTitle(truncate(question, 80)).catch((err: Error) => log.debug({ err: err.message }, 'could not set the thread title'));
      }
      const lang = question ? await detectLanguage(question) : 'en';
      const turnLog = log.child({ slackChannel: m.channel });
      await answerTurn(deps, {
        question, userId: m.user, teamId: context.teamId,
        conversationId: conversationId(context.teamId, m.channel, m.thread_ts), history: ctx.turns,
        reply: postIn(client, m.channel, m.thread_ts),
        live: streamIn(client, { channel: m.channel, threadTs: m.thread_ts, userId: m.user, ...(context.teamId ? { teamId: context.teamId } : {}) }, turnLog),
        progress: statusProgress(setStatus, deps.messages.text(lang, 'slack_thinking'), reactionProgress(client, m.channel, m.ts, log), log),
        log: turnLog,
      });
    },
  });
}
