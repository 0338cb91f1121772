import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
for (const lang of ['en', 'es', 'fr']) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/** Codes the project uses beside ISO 3166-1 alpha-2: unions and customs territories. */
export const EXTRA_PARTIES: Record<string, Record<string, string>> = {
  EU: { en: 'European Union', es: 'Unión Europea', fr: 'Union européenne' },
};

/** Short English names where the ISO name is long or formal ("Korea, Republic of"). */
const SHORT_EN: Record<string, string> = {
  KR: 'Korea', CN: 'China', US: 'United States', GB: 'United Kingdom', TW: 'Taiwan', HK: 'Hong Kong', BO: 'Bolivia',
  RU: 'Russia', MD: 'Moldova', IR: 'Iran', VE: 'Venezuela', TZ: 'Tanzania', VN: 'Viet Nam', DO: 'Dominican Republic',
  BS: 'Bahamas', KP: 'North Korea', LA: 'Laos', SY: 'Syria',
};

export function isKnownPartyCode(code: string): boolean {
  return code in EXTRA_PARTIES || countries.isValid(code);
}

const partyNames = new Map<string, string>();

/**
 * Display name of a party code in a language (en, es, fr). Registry answers name every party of every arrangement
 * they list and sort by name: each name is looked up in the locale tables once (bounded).
 */
export function partyName(code: string, lang = 'en'): string {
  const key = `${lang}:${code}`;
  let name = partyNames.get(key);
  if (name === undefined) {
    name = lookUpPartyName(code, lang);
    if (partyNames.size >= 4096) partyNames.clear();
    partyNames.set(key, name);
  }
  return name;
}

function lookUpPartyName(code: string, lang: string): string {
  const extra = EXTRA_PARTIES[code];
  if (extra) return extra[lang] ?? extra.en ?? code;
  if (lang === 'en' && SHORT_EN[code]) return SHORT_EN[code];
  const name = countries.getName(code, lang, { select: 'official' }) ?? countries.getName(code, 'en');
  return name ?? code;
}

export { countries };
