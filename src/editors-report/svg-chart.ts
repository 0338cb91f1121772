/** Series over days, as the charts of the admin page draw them. */
export interface DaySeries { name: string; values: number[] }

const COLOURS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4', '#57606a'];
const W = 640;
const H = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 44 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A line chart as inline SVG (no script, no external file): one line per series over the days, y from 0 to the
 * largest count, a legend below. `title` names it for screen readers.
 */
export function lineChart(title: string, days: string[], series: DaySeries[]): string {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (days.length <= 1 ? plotW / 2 : (i * plotW) / (days.length - 1));
  const y = (v: number) => PAD.top + plotH - (v * plotH) / max;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`];
  for (const t of [0, Math.ceil(max / 2), max]) {
    out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="#57606a">${t}</text>`);
  }
  const step = Math.max(1, Math.ceil(days.length / 8));
  days.forEach((d, i) => {
    if (i % step === 0 || i === days.length - 1) out.push(`<text x="${x(i)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#57606a">${esc(d.slice(5))}</text>`);
  });
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length];
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    out.push(`<polyline class="series" data-series="${esc(s.name)}" fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>`);
    s.values.forEach((v, i) => out.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}"><title>${esc(`${s.name} ${days[i]}: ${v}`)}</title></circle>`));
    const lx = PAD.left + k * 90;
    out.push(`<rect x="${lx}" y="${H - 16}" width="10" height="10" fill="${colour}"/>`,
      `<text x="${lx + 14}" y="${H - 7}" font-size="11" fill="#24292f">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** Per-day counts of one breakdown (language or channel) as series, most frequent first. */
export function seriesOf(days: { byKey: Record<string, number> }[]): DaySeries[] {
  const totals = new Map<string, number>();
  for (const d of days) for (const [k, n] of Object.entries(d.byKey)) totals.set(k, (totals.get(k) ?? 0) + n);
  return [...totals].sort((a, b) => b[1] - a[1]).map(([name]) => ({ name, values: days.map((d) => d.byKey[name] ?? 0) }));
}
