const MONTHS: Record<string, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};

export const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for YYYY, YYYY-MM or YYYY-MM-DD naming a real calendar date. */
export function isPartialDate(s: string): boolean {
  const m = PARTIAL_DATE.exec(s);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return false;
  if (d !== undefined) {
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (date.getUTCDate() !== Number(d)) return false;
  }
  return true;
}

/** "2014-05-16" -> "16 May 2014", "2007-06" -> "June 2007", "2022" -> "2022" (precision kept as given). */
export function formatPartialDate(s: string, lang = 'en'): string {
  const m = PARTIAL_DATE.exec(s);
  if (!m) return s;
  const [, y, mo, d] = m;
  const month = mo ? (MONTHS[lang] ?? MONTHS.en)?.[Number(mo) - 1] : undefined;
  if (!month) return y ?? s;
  if (!d) return lang === 'es' ? `${month} de ${y}` : `${month} ${y}`;
  return lang === 'en' ? `${Number(d)} ${month} ${y}` : `${Number(d)} de ${month} de ${y}`.replace(lang === 'fr' ? / de /g : /$^/, ' ');
}
