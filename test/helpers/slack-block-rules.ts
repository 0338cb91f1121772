/**
 * Slack's published Block Kit limits, checked the way chat.postMessage / chat.update / chat.stopStream refuse a
 * message: `invalid_blocks` for a block breaking a rule, `msg_blocks_too_long` for too much text in all blocks
 * (about 12,000 characters: bolt-js#2509, bolt-js#2867). Written from the Block Kit reference, not from src/.
 */
export const BLOCK_RULES = {
  blocks: 50, sectionText: 3000, field: 2000, fields: 10, contextElements: 10, actions: 25, buttonText: 75, value: 2000,
  contextActions: 5, tableRows: 100, tableCells: 20, blocksText: 12_000, blockId: 255, homeBlocks: 100,
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const textOf = (t: unknown): string | undefined => (isObj(t) && typeof t.text === 'string' ? t.text : undefined);

/** The error Slack answers for these blocks, or undefined when it would accept them. */
export function blocksError(blocks: unknown, maxBlocks: number = BLOCK_RULES.blocks): string | undefined {
  if (!Array.isArray(blocks) || blocks.length > maxBlocks) return 'invalid_blocks';
  const ids = new Set<string>();
  let tables = 0;
  let chars = 0;
  for (const b of blocks) {
    if (!isObj(b)) return 'invalid_blocks';
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > BLOCK_RULES.blockId || ids.has(b.block_id)) return 'invalid_blocks';
      ids.add(b.block_id);
    }
    if (b.type === 'table') tables++;
    const problem = blockProblem(b);
    if (problem) return problem;
    chars += textLength(b);
  }
  // One table per message.
  if (tables > 1) return 'invalid_blocks';
  return chars > BLOCK_RULES.blocksText ? 'msg_blocks_too_long' : undefined;
}

/** The length of every `text` string inside a block (Slack's cumulative limit counts the text, not the JSON). */
function textLength(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + textLength(x), 0);
  if (!isObj(v)) return 0;
  return Object.entries(v).reduce((n, [k, x]) => n + (k === 'text' && typeof x === 'string' ? x.length : textLength(x)), 0);
}

function blockProblem(b: Obj): string | undefined {
  const bad = 'invalid_blocks';
  switch (b.type) {
    case 'section': {
      const text = textOf(b.text);
      const fields = b.fields;
      if (text === undefined && !Array.isArray(fields)) return bad;
      if (text !== undefined && (!text.length || text.length > BLOCK_RULES.sectionText)) return bad;
      if (Array.isArray(fields)) {
        if (!fields.length || fields.length > BLOCK_RULES.fields) return bad;
        if (fields.some((f) => { const t = textOf(f); return !t || t.length > BLOCK_RULES.field; })) return bad;
      }
      return undefined;
    }
    case 'context': {
      const els = b.elements;
      if (!Array.isArray(els) || !els.length || els.length > BLOCK_RULES.contextElements) return bad;
      return els.some((e) => { const t = textOf(e); return !t || t.length > BLOCK_RULES.sectionText; }) ? bad : undefined;
    }
    case 'actions': {
      const els = b.elements;
      if (!Array.isArray(els) || !els.length || els.length > BLOCK_RULES.actions) return bad;
      return els.some((e) => !isObj(e) || e.type !== 'button' || !buttonOk(e)) ? bad : undefined;
    }
    case 'context_actions': {
      const els = b.elements;
      if (!Array.isArray(els) || !els.length || els.length > BLOCK_RULES.contextActions) return bad;
      return els.some((e) => !isObj(e) || e.type !== 'feedback_buttons' || !buttonOk(e.positive_button) || !buttonOk(e.negative_button))
        ? bad : undefined;
    }
    case 'table': return tableOk(b.rows) ? undefined : bad;
    case 'header': case 'divider': case 'rich_text': return undefined;
    default: return bad;
  }
}

function buttonOk(e: unknown): boolean {
  if (!isObj(e)) return false;
  const t = textOf(e.text);
  if (!t || t.length > BLOCK_RULES.buttonText || (isObj(e.text) && e.text.type !== 'plain_text')) return false;
  return e.value === undefined || (typeof e.value === 'string' && e.value.length <= BLOCK_RULES.value);
}

function tableOk(rows: unknown): boolean {
  if (!Array.isArray(rows) || !rows.length || rows.length > BLOCK_RULES.tableRows) return false;
  return rows.every((r) => Array.isArray(r) && r.length > 0 && r.length <= BLOCK_RULES.tableCells && r.every(cellOk));
}

function cellOk(c: unknown): boolean {
  if (!isObj(c)) return false;
  if (c.type === 'raw_text') return typeof c.text === 'string' && c.text.length > 0;
  if (c.type === 'raw_number') return typeof c.value === 'number' && typeof c.text === 'string' && c.text.length > 0;
  return c.type === 'rich_text' && Array.isArray(c.elements) && c.elements.length > 0;
}
