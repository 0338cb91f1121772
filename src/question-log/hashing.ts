import { createHash } from 'node:crypto';

/** A stable, one-way name for a user id or a question text (16 hex digits of SHA-256; never reversed here). */
export function hashed(kind: 'user' | 'text', value: string): string {
  return createHash('sha256').update(`aeo-bot:${kind}:${value}`).digest('hex').slice(0, 16);
}

/** Question text as compared for the hash: case, spacing and end punctuation do not make another question. */
export function questionHash(text: string): string {
  return hashed('text', text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').replace(/[\s?!.¿¡]+$/u, '').trim());
}
