import type { webApi } from '@slack/bolt';
import { localeLanguage, type Language } from '../../i18n/languages.js';
import type { Logger } from '../../logging/logger.js';

/** A user's Slack locale changes rarely; remembering it saves a users.info call per view or welcome. */
const REMEMBERED = 5_000;

/**
 * The language a Slack user reads, from the locale of their Slack client (users.info with include_locale, scope
 * users:read), so the App Home, the welcome and a channel intro are in that language. English when Slack does not
 * say (or the call fails): these texts must never wait on or fail because of it.
 */
export type UserLanguage = (client: Pick<webApi.WebClient, 'users'>, user: string | undefined) => Promise<Language>;

export function slackUserLanguage(log: Logger): UserLanguage {
  const known = new Map<string, Language>();
  return async (client, user) => {
    if (!user) return 'en';
    const hit = known.get(user);
    if (hit) return hit;
    const lang = await client.users.info({ user, include_locale: true })
      .then((r) => localeLanguage(r.user?.locale))
      .catch((err: Error) => {
        log.warn({ err: err.message }, 'could not read the Slack user locale');
        return 'en' as const;
      });
    if (known.size >= REMEMBERED) known.delete(known.keys().next().value!);
    known.set(user, lang);
    return lang;
  };
}
