import type { EditorsReport } from './build-report.js';

const count = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');

/** The report as plain text for the terminal (`bin/aeo-bot report`). */
export function reportText(r: EditorsReport): string {
  const L: string[] = [];
  L.push(`Questions since ${r.since.slice(0, 10)}: ${r.total}, declined ${r.declined}, rated helpful ${r.helpful}, not helpful ${r.notHelpful.length}.`);
  L.push('', 'Declined questions, grouped by wording (most frequent first):');
  if (!r.groups.length) L.push('  none');
  r.groups.forEach((g, i) => {
    L.push(`  ${i + 1}. ${g.count}x "${g.question}" (${count(g.languages)}; ${count(g.channels)})`);
    for (const w of g.wordings.filter((w) => w !== g.question).slice(0, 3)) L.push(`       also: "${w}"`);
    for (const c of g.closest) L.push(`       closest: ${c.file} > ${c.headings.join(' > ') || '(top)'} (${c.score})`);
    if (g.suggestion) L.push(`       suggest: add "${g.suggestion.question}" to ${g.suggestion.file} > ${g.suggestion.headings.join(' > ')}`);
  });
  L.push('', 'Rated not helpful:');
  if (!r.notHelpful.length) L.push('  none');
  for (const n of r.notHelpful.slice(0, 20)) {
    L.push(`  ${n.at.slice(0, 16)} [${n.channel}] "${n.question ?? '(text not kept)'}"${n.feedback?.comment ? ` - comment: ${n.feedback.comment}` : ''}`);
  }
  L.push('', 'Pages cited most:');
  for (const c of r.cited.slice(0, 10)) L.push(`  ${c.count}  ${c.file}`);
  if (!r.cited.length) L.push('  none');
  L.push('', `Pages never cited (${r.neverCited.length}):`);
  for (const p of r.neverCited.slice(0, 30)) L.push(`  ${p.file}`);
  L.push('', 'Per day (language; channel):');
  for (const d of r.days) L.push(`  ${d.day}  ${d.total} (${d.declined} declined)  ${count(d.byLanguage)}; ${count(d.byChannel)}`);
  return `${L.join('\n')}\n`;
}
