import type { types } from '@slack/bolt';
import { LANGUAGES } from '../../i18n/languages.js';
import type { Messages } from '../../i18n/messages.js';
import { COMMAND } from './command-handler.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

type KnownBlock = types.KnownBlock;

/** Up to four suggested prompts (Slack's maximum) from the example questions. */
export function suggestedPrompts(messages: Messages, lang = 'en'): { title: string; message: string }[] {
  return messages.list(lang, 'decline_suggestions').slice(0, 4).map((q) => ({ title: truncate(q, 75), message: q }));
}

/** A language's own name ("español", "français"), from the runtime's ICU data. */
const ownName = (lang: string) => new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;

/**
 * The App Home tab in the user's language: what the bot answers and how to ask (the /aeo help text), example
 * questions, and the languages it answers in, each shown with an example in that language.
 */
export function homeView(messages: Messages, lang = 'en'): types.HomeView {
  const examples = messages.list(lang, 'decline_suggestions').map((q) => `• ${escapeMrkdwn(q)}`).join('\n');
  const languages = LANGUAGES.map((l) => {
    const example = messages.list(l, 'decline_suggestions')[0];
    return `*${escapeMrkdwn(ownName(l))}*${example ? `: _${escapeMrkdwn(example)}_` : ''}`;
  });
  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const blocks: KnownBlock[] = [
    section(escapeMrkdwn(messages.text(lang, 'slack_help', { command: COMMAND }))),
    { type: 'divider' },
    section(`*${escapeMrkdwn(messages.text(lang, 'slack_prompts_title'))}*\n${examples}`),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `:globe_with_meridians: ${languages.join('  ·  ')}` }] },
  ];
  return { type: 'home', blocks };
}

/** The note posted once when the bot is added to a channel (in its inviter's language): what it answers and how. */
export function channelIntro(messages: Messages, lang = 'en'): { text: string; blocks: KnownBlock[] } {
  const text = escapeMrkdwn(messages.text(lang, 'slack_help', { command: COMMAND }));
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
