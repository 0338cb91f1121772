import type { Answer } from '../../core/answer.js';

/**
 * Teams' native AI message features for personal and group chats: the "AI generated" label and citation
 * entities that match the [n] markers in the text (schema.org Message / Claim, as Teams documents them).
 */
export function aiMessageEntities(a: Answer): Record<string, unknown>[] {
  return [
    {
      type: 'https://schema.org/Message',
      '@type': 'Message',
      '@context': 'https://schema.org',
      '@id': '',
      additionalType: ['AIGeneratedContent'],
      citation: a.citations.map((c) => ({
        '@type': 'Claim',
        position: c.n,
        appearance: {
          '@type': 'DigitalDocument',
          name: c.title.slice(0, 80),
          ...(c.url ? { url: c.url } : {}),
          abstract: (c.section ?? c.title).slice(0, 160),
        },
      })),
    },
  ];
}
