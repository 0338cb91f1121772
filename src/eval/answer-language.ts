import { withoutMarkers } from '../answering/citations.js';
import { languageByFunctionWords } from '../i18n/function-words.js';

/**
 * Sentences of a Spanish or French answer that are English and not marked as a quote («...»): what a reader would
 * see as the bot switching language unannounced. Citation markers, quotes and short fragments are left out.
 */
const TITLE_CASE_NAME = /\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:in|of|and|for|the|against|on)\s+)?\p{Lu}[\p{L}'’-]*)+/gu;

export function unmarkedEnglish(answer: string, lang: string): string[] {
  if (lang === 'en') return [];
  const bare = withoutMarkers(answer.replace(/«[^»]*»/g, ' '))
    // Names in title case ("Partners in Protection", "Secure Exports Scheme") are names, not English sentences.
    .replace(TITLE_CASE_NAME, ' ')
    .replace(/[ \t]+/g, ' ');
  return bare
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^[-*•]\s*/, '').trim())
    .filter((s) => s.split(/\s+/).length >= 4 && languageByFunctionWords(s) === 'en');
}
