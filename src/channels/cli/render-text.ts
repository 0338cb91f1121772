import type { Answer } from '../../core/answer.js';

/** An Answer as terminal text: the answer, numbered sources, suggested follow-ups. */
export function renderText(a: Answer): string {
  const lines = [a.answer];
  if (a.citations.length) {
    lines.push('', 'Sources:');
    for (const c of a.citations) {
      const where = [c.section, c.updated && `updated ${c.updated}`].filter(Boolean).join('; ');
      lines.push(`  [${c.n}] ${c.title}${where ? ` (${where})` : ''}`, `      ${c.url ?? c.source}`);
    }
  }
  if (a.followUps.length) {
    lines.push('', 'You could also ask:');
    for (const f of a.followUps) lines.push(`  - ${f}`);
  }
  return lines.join('\n');
}
