/**
 * Teams' "AI generated" label for personal and group chats (a schema.org Message entity, as Teams documents it).
 * The sources are listed, linked, in the card itself, so the message carries no citation claims: the summary in
 * `text` has no [n] markers for them to point into.
 */
export function aiMessageEntities(): Record<string, unknown>[] {
  return [
    {
      type: 'https://schema.org/Message',
      '@type': 'Message',
      '@context': 'https://schema.org',
      '@id': '',
      additionalType: ['AIGeneratedContent'],
    },
  ];
}
