import type { DeclinedGroup, EditorsReport } from '../../editors-report/build-report.js';
import type { ProposedChange } from '../../editors-report/question-suggestion.js';
import { lineChart, seriesOf } from '../../editors-report/svg-chart.js';
import type { BuildRecord } from '../../knowledge/reindexer.js';

/** The admin pages' one stylesheet: inline, allowed by its hash in their CSP; the pages have no script at all. */
const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:#24292f}
h1{font-size:1.4rem}figure{margin:0}figcaption{font-weight:600}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #eaeef2;padding:6px;text-align:left;vertical-align:top}
.muted{color:#57606a;font-size:.9em}.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px}
@media (max-width:760px){.charts{grid-template-columns:1fr}}input[type=text],input[type=password]{width:100%;max-width:28rem;padding:6px}
button{padding:6px 12px;cursor:pointer}pre.diff{background:#f6f8fa;padding:12px;overflow:auto}.add{color:#1a7f37}.del{color:#d1242f}
.error{color:#d1242f}form.inline{display:inline}header{display:flex;justify-content:space-between;align-items:center}`;

export const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The sign-in form: the token is posted in the body, never put in a URL. */
export function signInPage(error?: string): string {
  return page('aeo-bot admin: sign in', `<main><h1>aeo-bot admin</h1>
<form method="post" action="/admin/sign-in"><label for="token">Admin token (ADMIN_TOKEN)</label><br>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button></form>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}</main>`);
}

const counts = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${esc(k)} ${n}`).join(', ');
const section = (headings: string[]) => esc(headings.join(' › ') || '(top of the page)');

function groupRow(g: DeclinedGroup, i: number): string {
  const closest = g.closest.map((c) => `<li>${esc(c.file)} › ${section(c.headings)} <span class="muted">(${c.score})</span></li>`).join('');
  const suggest = g.suggestion
    ? `<form method="get" action="/admin/suggestion" class="suggest"><input type="hidden" name="file" value="${esc(g.suggestion.file)}">
<input type="hidden" name="headings" value="${esc(JSON.stringify(g.suggestion.headings))}">
<label class="muted" for="q${i}">Add as an alternate question of ${esc(g.suggestion.file)} › ${section(g.suggestion.headings)}</label><br>
<input type="text" id="q${i}" name="question" value="${esc(g.suggestion.question)}" maxlength="300">
<button type="submit">Review change</button></form>`
    : '<span class="muted">no Markdown section close enough</span>';
  const also = g.wordings.filter((w) => w !== g.question).slice(0, 4).map((w) => `<li>${esc(w)}</li>`).join('');
  return `<tr class="group"><td>${g.count}</td><td><strong>${esc(g.question)}</strong>${also ? `<ul class="muted">${also}</ul>` : ''}
<div class="muted">${counts(g.languages)}; ${counts(g.channels)}</div></td><td><ol>${closest}</ol></td><td>${suggest}</td></tr>`;
}

function buildRows(builds: BuildRecord[]): string {
  if (!builds.length) return '<p class="muted">No build since this replica started.</p>';
  const rows = builds.map((b) => {
    const skipped = (b.skipped ?? []).map((s) => `<li>${esc(s.file)}: ${esc(s.reason)}</li>`).join('');
    return `<tr class="build"><td>${esc(b.at.slice(0, 19).replace('T', ' '))}</td><td>${esc(b.reason)}</td>
<td>${b.ok ? 'ok' : `<span class="error">${esc(b.error?.code)}: ${esc(b.error?.message)}</span>`}</td><td>${b.files ?? ''}</td>
<td>${b.chunks ?? ''}</td><td>${b.seconds.toFixed(1)} s</td><td>${skipped ? `<ul>${skipped}</ul>` : 'none'}</td></tr>`;
  }).join('');
  return `<table><thead><tr><th>Time (UTC)</th><th>Why</th><th>Result</th><th>Files</th><th>Chunks</th><th>Took</th>
<th>Skipped files</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The editors' report: charts, declined groups with one-click suggestions, ratings, citations, builds. */
export function reportPage(r: EditorsReport, builds: BuildRecord[]): string {
  const days = r.days.map((d) => d.day);
  const byLanguage = lineChart('Questions per day by language', days, seriesOf(r.days.map((d) => ({ byKey: d.byLanguage }))));
  const byChannel = lineChart('Questions per day by channel', days, seriesOf(r.days.map((d) => ({ byKey: d.byChannel }))));
  const groups = r.groups.length
    ? `<table id="groups"><thead><tr><th>Times</th><th>Question (and other wordings)</th><th>Closest sections</th><th>Suggestion</th></tr></thead>
<tbody>${r.groups.map(groupRow).join('')}</tbody></table>`
    : '<p>No declined questions.</p>';
  const notHelpful = r.notHelpful.length
    ? `<table id="not-helpful"><thead><tr><th>When</th><th>Channel</th><th>Question</th><th>Comment</th><th>Cited</th></tr></thead><tbody>${
      r.notHelpful.slice(0, 100).map((n) => `<tr><td>${esc(n.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(n.channel)}</td>
<td>${esc(n.question ?? '(text not kept)')}</td><td>${esc(n.feedback?.comment ?? '')}</td><td>${esc([...new Set(n.cited.map((c) => c.source))].join(', '))}</td></tr>`).join('')}</tbody></table>`
    : '<p>No answer was rated not helpful.</p>';
  const cited = r.cited.slice(0, 20).map((c) => `<li>${esc(c.file)} <span class="muted">${esc(c.title)}</span>: ${c.count}</li>`).join('');
  const never = r.neverCited.map((c) => `<li>${esc(c.file)} <span class="muted">${esc(c.title)}</span></li>`).join('');
  return page('aeo-bot admin: editors\' report', `<header><h1>Editors' report</h1>
<form method="post" action="/admin/sign-out" class="inline"><button type="submit">Sign out</button></form></header>
<p>Since ${esc(r.since.slice(0, 10))}: <strong>${r.total}</strong> questions, <strong>${r.declined}</strong> declined,
${r.helpful} rated helpful, ${r.notHelpful.length} not helpful. <a href="/admin/log.csv" download>Download the log (CSV)</a></p>
<div class="charts"><figure><figcaption>Questions per day by language</figcaption>${byLanguage}</figure>
<figure><figcaption>Questions per day by channel</figcaption>${byChannel}</figure></div>
<h2>Declined questions, grouped by wording</h2>${groups}
<h2>Answers rated not helpful</h2>${notHelpful}
<h2>Pages cited most</h2>${cited ? `<ol id="cited">${cited}</ol>` : '<p>No answer cited a page yet.</p>'}
<h2>Pages never cited</h2>${never ? `<ul id="never-cited">${never}</ul>` : '<p>Every page was cited.</p>'}
<h2>Last index builds</h2><div id="builds">${buildRows(builds)}</div>`);
}

function diffHtml(patch: string): string {
  return patch.split('\n').map((l) => {
    const cls = l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : '';
    return cls ? `<span class="${cls}">${esc(l)}</span>` : esc(l);
  }).join('\n');
}

const hidden = (c: ProposedChange) => `<input type="hidden" name="file" value="${esc(c.file)}">
<input type="hidden" name="headings" value="${esc(JSON.stringify(c.headings))}"><input type="hidden" name="question" value="${esc(c.question)}">`;

/** The reviewed change: the diff, then Apply (writes the page) or Download patch; nothing is written before. */
export function suggestionPage(c: ProposedChange): string {
  const q = `file=${encodeURIComponent(c.file)}&headings=${encodeURIComponent(JSON.stringify(c.headings))}&question=${encodeURIComponent(c.question)}`;
  const body = c.unchanged
    ? `<p>The section already lists this question: nothing to change.</p>`
    : `<p>Adding an alternate question to <strong>${esc(c.file)}</strong> › ${section(c.headings)}. Review the change:</p>
<pre class="diff" id="diff">${diffHtml(c.patch)}</pre>
<form method="post" action="/admin/suggestion/apply" class="inline">${hidden(c)}<input type="hidden" name="baseHash" value="${esc(c.baseHash)}">
<input type="hidden" name="confirm" value="yes"><button type="submit">Apply: write this change to the page</button></form>
<a href="/admin/suggestion.patch?${esc(q)}" download>Download as a patch</a>`;
  return page('aeo-bot admin: review a change', `<h1>Review a change</h1>${body}<p><a href="/admin">Back to the report</a></p>`);
}

export function appliedPage(c: ProposedChange, reindexing: boolean): string {
  return page('aeo-bot admin: change written', `<h1>Change written</h1><p id="applied">${esc(c.file)} › ${section(c.headings)} now lists
“${esc(c.question)}”.${reindexing ? ' The index is being rebuilt; answers use it when the build is done.' : ''}</p>
<p><a href="/admin">Back to the report</a></p>`);
}
