import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, FeedbackButtonsAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerTurn } from './answer-turn.js';
import { ACTION, BLOCK, unpackValue, type FeedbackValue, type PostValue } from './actions.js';
import { clickPlace, replaceBlock } from './click.js';
import { commandConversation } from './command-handler.js';
import { conversationId } from './conversation.js';
import type { SlackAppDeps } from './deps.js';
import { escapeMrkdwn, truncate, withMention } from './mrkdwn.js';
import { postIn, reactionProgress, respondWith } from './replies.js';

type Click = BlockAction<ButtonAction>;
type FeedbackClick = BlockAction<ButtonAction | FeedbackButtonsAction>;
type ClickArgs = SlackActionMiddlewareArgs<FeedbackClick> & AllMiddlewareArgs;

/** Buttons under answers: choices and suggestions (asked as the next message), feedback, "Post to channel". */
export function registerActionHandlers(app: App, deps: SlackAppDeps): void {
  const log = deps.logger.child({ event: 'block_actions' });

  app.action<Click>(ACTION.ask, async ({ ack, body, action, client, respond, context }) => {
    await ack();
    const place = clickPlace(body);
    if (!place || !action.value) return void log.warn({ action: action.action_id }, 'choice without a place or value');
    const user = body.user.id;
    const team = body.team?.id ?? context.teamId;
    await replaceBlock(client, place, BLOCK.choices, `<@${user}>: *${escapeMrkdwn(truncate(action.text.text, 200))}*`, log);
    if (!place.ephemeral && place.thread) await deps.threads?.remember(team, place.channel, place.thread);
    await answerTurn(deps, {
      question: action.value, userId: user, teamId: team,
      conversationId: place.ephemeral ? commandConversation(team, place.channel, user) : conversationId(team, place.channel, place.thread),
      reply: place.ephemeral ? respondWith(respond) : postIn(client, place.channel, place.thread),
      ...(place.ephemeral ? { render: { ephemeral: true } } : {}),
      ...(place.messageTs ? { progress: reactionProgress(client, place.channel, place.messageTs, log) } : {}),
      log,
    });
  });

  /** `helpful` undefined: native feedback buttons, whose clicked side's value says it. */
  const feedback = (fixed?: boolean) => async ({ ack, body, action, client, respond }: ClickArgs) => {
    await ack();
    const v = unpackValue<FeedbackValue>(action.value, ['id', 'kind', 'q', 'lang']);
    const helpful = fixed ?? (v?.h === '1' ? true : v?.h === '0' ? false : undefined);
    if (!v || helpful === undefined) return void log.warn({ action: action.action_id }, 'feedback with an unreadable value');
    await deps.feedback.record({ at: new Date().toISOString(), channel: 'slack', userId: body.user.id, answerId: v.id, question: v.q, helpful, answerKind: v.kind });
    log.info({ answerId: v.id, helpful }, 'feedback recorded');
    const thanks = withMention((u) => deps.messages.text(v.lang, 'slack_feedback_thanks', { user: u }), body.user.id);
    const place = clickPlace(body);
    if (place && !place.ephemeral) await replaceBlock(client, place, BLOCK.feedback, `${helpful ? ':thumbsup:' : ':thumbsdown:'} ${thanks}`, log);
    else await respond({ response_type: 'ephemeral', replace_original: false, text: thanks });
  };
  app.action<FeedbackClick>(ACTION.feedback, feedback());
  app.action<FeedbackClick>(ACTION.helpful, feedback(true));
  app.action<FeedbackClick>(ACTION.notHelpful, feedback(false));

  app.action<Click>(ACTION.postToChannel, async ({ ack, body, action, respond, context }) => {
    await ack();
    const v = unpackValue<PostValue>(action.value, ['q']);
    if (!v) return void log.warn({ action: action.action_id }, 'post to channel with an unreadable value');
    const ephemeral = respondWith(respond);
    await answerTurn(deps, {
      question: v.q, userId: body.user.id, teamId: body.team?.id ?? context.teamId,
      reply: async (m) => {
        await respondWith(respond, 'in_channel')(m);
        // The private copy is no longer needed once everyone can see the answer.
        await respond({ delete_original: true }).catch((err: Error) => log.debug({ err: err.message }, 'could not delete the ephemeral answer'));
      },
      notify: ephemeral, render: { askedBy: body.user.id }, log,
    });
  });
}
