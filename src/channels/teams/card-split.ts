import type { CardElement } from './card-actions.js';

/**
 * Teams refuses a message over about 28 KB (counted on the activity it receives). A card's JSON is kept under this
 * budget, leaving room for the activity's other fields; a longer answer goes out as several cards.
 */
export const CARD_BUDGET_BYTES = 20_000;

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

export interface PackOptions {
  /** Full-width cards where tables are shown (Teams renders cards narrow otherwise). */
  fullWidth: boolean;
  /** Text that starts every card after the first. */
  continued: string;
  budget?: number;
}

/** Packs body elements into as few cards as fit the budget; the actions go on the last card. */
export function packCards(body: CardElement[], actions: CardElement[], o: PackOptions): CardElement[] {
  const budget = o.budget ?? CARD_BUDGET_BYTES;
  const shell = (items: CardElement[], withActions: boolean): CardElement => ({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    ...(o.fullWidth ? { msteams: { width: 'Full' } } : {}),
    body: items,
    ...(withActions && actions.length ? { actions } : {}),
  });
  const room = budget - size(shell([], true)) - 200;
  const pieces = body.flatMap((e) => splitElement(e, room));
  const cards: CardElement[][] = [[]];
  let used = 0;
  for (const p of pieces) {
    const s = size(p) + 1;
    if (used + s > room && cards.at(-1)!.length) {
      cards.push([{ type: 'TextBlock', text: o.continued, isSubtle: true, size: 'Small', wrap: true }]);
      used = 0;
    }
    cards.at(-1)!.push(p);
    used += s;
  }
  return cards.map((items, i) => shell(items, i === cards.length - 1));
}

/** An element too big for one card: a text block split by lines, a table by rows (each part keeps the header). */
function splitElement(e: CardElement, room: number): CardElement[] {
  if (size(e) <= room) return [e];
  if (e.type === 'TextBlock' && typeof e.text === 'string') {
    return chunk(e.text.split('\n'), (ls) => ({ ...e, text: ls.join('\n') }), room);
  }
  if (e.type === 'Table' && Array.isArray(e.rows) && e.rows.length > 1) {
    const [header, ...rows] = e.rows as CardElement[];
    return chunk(rows, (rs) => ({ ...e, rows: [header, ...rs] }), room);
  }
  return [e];
}

function chunk<T>(items: T[], make: (part: T[]) => CardElement, room: number): CardElement[] {
  const out: CardElement[] = [];
  let part: T[] = [];
  for (const item of items) {
    if (part.length && size(make([...part, item])) > room) {
      out.push(make(part));
      part = [];
    }
    part.push(item);
  }
  if (part.length) out.push(make(part));
  return out;
}
