export const LANGUAGES = ['en', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The bot's language for a client's locale ("es-ES", "fr_CA", "es-419"); English when it is none of the bot's. */
export function localeLanguage(locale: string | undefined): Language {
  const lang = (locale ?? '').slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : 'en';
}
