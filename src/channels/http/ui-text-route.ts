import type { Request, Response } from 'express';
import { LANGUAGES, type Messages } from '../../i18n/messages.js';

/** Catalogue texts the page shows besides its own `web_*` ones. */
const SHARED_KEYS = ['sources', 'followups', 'expert_button'];

/** GET /api/ui-text?lang=es: the page's fixed texts (every `web_*` key and a few shared ones) from the catalogue. */
export function uiTextRoute(messages: Messages) {
  const keys = (lang: string) => [
    ...Object.keys(messages.catalogue(lang)).filter((k) => k.startsWith('web_')), ...SHARED_KEYS,
  ];
  return (req: Request, res: Response): void => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang.slice(0, 2).toLowerCase() : 'en';
    const lang = (LANGUAGES as readonly string[]).includes(asked) ? asked : 'en';
    res.json({ lang, texts: Object.fromEntries(keys(lang).map((k) => [k, messages.text(lang, k)])) });
  };
}
