import type { Request, Response } from 'express';
import { LANGUAGES, type Messages } from '../../i18n/messages.js';

const KEYS = [
  'web_title', 'web_intro', 'web_placeholder', 'web_send', 'web_language', 'web_auto', 'web_question', 'web_updated',
  'web_confidence', 'web_sorry', 'sources', 'followups',
];

/** GET /api/ui-text?lang=es: the web page's fixed texts from the message catalogue. */
export function uiTextRoute(messages: Messages) {
  return (req: Request, res: Response): void => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang.slice(0, 2).toLowerCase() : 'en';
    const lang = (LANGUAGES as readonly string[]).includes(asked) ? asked : 'en';
    res.json({ lang, texts: Object.fromEntries(KEYS.map((k) => [k, messages.text(lang, k)])) });
  };
}
