import type { App } from '@slack/bolt';
import { answerTurn } from './answer-turn.js';
import { noticeMessage } from './block-kit.js';
import { conversationId } from './conversation.js';
import type { SlackDeps } from './deps.js';
import { toQuestion } from './mrkdwn.js';
import { respondWith } from './replies.js';

export const COMMAND = '/aeo';

/** "/aeo help" in the three languages; an empty command shows the help too. */
const HELP: Record<string, string> = { '': 'en', help: 'en', '?': 'en', ayuda: 'es', aide: 'fr' };

/** Slash-command conversations are per user and channel, apart from the channel's threads. */
export const commandConversation = (team: string | undefined, channel: string, user: string) => conversationId(team, channel, `cmd-${user}`);

/**
 * `/aeo <question>`: acknowledged at once, answered only to the asker (with "Post to channel");
 * `/aeo help` explains how to use the bot.
 */
export function registerCommand(app: App, deps: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, respond, context }) => {
    const text = command.text.trim();
    const helpLang = HELP[text.toLowerCase()];
    if (helpLang) {
      const help = noticeMessage(deps.messages.text(helpLang, 'slack_help', { command: COMMAND }));
      await ack({ response_type: 'ephemeral', ...help });
      return;
    }
    await ack();
    await answerTurn(deps, {
      question: toQuestion(text, context.botUserId), userId: command.user_id, teamId: command.team_id,
      conversationId: commandConversation(command.team_id, command.channel_id, command.user_id),
      reply: respondWith(respond), render: { ephemeral: true },
      log: deps.logger.child({ event: 'command', slackChannel: command.channel_id }),
    });
  });
}
