import { partyName } from '../knowledge/countries.js';
import type { Answer } from '../core/answer.js';
import type { Messages } from '../i18n/messages.js';

/** The polite "I don't know": no sources shown, with what the bot can help with. */
export function declineAnswer(messages: Messages, lang: string, confidence = 0): Answer {
  return {
    answer: `${messages.text(lang, 'decline')} ${messages.text(lang, 'decline_scope')}`,
    citations: [],
    confidence,
    declined: true,
    kind: 'decline',
    followUps: messages.list(lang, 'decline_suggestions').slice(0, 3),
    language: lang,
  };
}

/** "My sources don't cover the AEO programme of Haiti": a jurisdiction no knowledge page says anything about. */
export function notCoveredAnswer(messages: Messages, lang: string, code: string): Answer {
  return { ...declineAnswer(messages, lang), answer: messages.text(lang, 'not_covered', { country: partyName(code, lang) }) };
}
