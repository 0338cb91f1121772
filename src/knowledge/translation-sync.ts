import { foldAccents } from '../answering/text.js';
import type { KnowledgeDoc } from './types.js';

/**
 * Per language: acronyms as a translation writes them -> the form the English page uses ("OEA" -> "AEO");
 * `phrases`: code -> names any language writes for it ("Estados Unidos" -> US).
 */
export type Equivalents = Record<string, Record<string, string>> & { phrases?: Record<string, string[]> };

/** One way a translated page and its English original disagree. */
export interface SyncMismatch {
  /** The translated file (relative to knowledge/). */
  file: string;
  original: string;
  /** "front matter", "sections" or "<English heading> / <translated heading>". */
  where: string;
  /** Facts in the original the translation lacks. */
  missing: string[];
  /** Facts in the translation the original does not hold. */
  extra: string[];
}

interface Section { heading: string; text: string }

/**
 * The text without its HTML comments, as `/<!--[\s\S]*?-->/g` removed them, in one pass: that pattern rescanned to
 * the end from every unclosed `<!--`, quadratic on a page of them.
 */
export function stripComments(text: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = text.indexOf('<!--', pos);
    const close = open < 0 ? -1 : text.indexOf('-->', open + 4);
    if (close < 0) return out + text.slice(pos);
    out += text.slice(pos, open);
    pos = close + 3;
  }
}

/** Body sections by heading (#, ##, ###), with the editors' alternate-question comments left out. */
function sections(body: string): Section[] {
  const out: Section[] = [{ heading: '(intro)', text: '' }];
  for (const line of stripComments(body).split('\n')) {
    const h = /^#{1,3}\s+(.+)$/.exec(line);
    if (h?.[1]) out.push({ heading: h[1].trim(), text: '' });
    else out[out.length - 1]!.text += `${line}\n`;
  }
  return out.filter((s, i) => i > 0 || s.text.trim());
}

/**
 * The checkable facts of a text: every run of digits (so "1,000", "1.000" and "1 000" agree, and a date keeps its
 * day and year in any language) and every acronym or code (two or more capitals: SUNAT, DESPA-PG, CTPAT), mapped
 * through the equivalents so "OEA" and "AEO" agree. Words are not compared: they are translated.
 */
export function factTokens(text: string, map: Record<string, string> = {}, phrases: Record<string, string[]> = {}): Set<string> {
  const out = new Set<string>();
  for (const [code, names] of Object.entries(phrases)) {
    for (const name of names) text = text.split(name).join(` ${code} `);
  }
  for (const m of text.matchAll(/\d+/g)) out.add(m[0]);
  for (const m of foldAccents(text).matchAll(/\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+(?![a-z]))*(?:s\b)?/g)) {
    const raw = m[0].replace(/(?<=[A-Z0-9])s$/, '');
    // Compound codes count by their parts: "EU-US" and "UE-EE. UU." name the same two parties.
    for (const part of map[raw] ? [map[raw]] : raw.split('-')) {
      if ((part.match(/[A-Z]/g)?.length ?? 0) >= 2) out.add(map[part] ?? part);
    }
  }
  return out;
}

function diff(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

/** The facts one side has and the other lacks, as a mismatch (none when they agree). */
export function compareFacts(file: string, original: string, where: string, a: Set<string>, b: Set<string>): SyncMismatch[] {
  const missing = diff(a, b);
  const extra = diff(b, a);
  return missing.length || extra.length ? [{ file, original, where, missing, extra }] : [];
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  const x = [...(a ?? [])].map(String).sort();
  const y = [...(b ?? [])].map(String).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Front matter a translation must share with its original: jurisdictions, sources, agency, the programme's facts. */
function frontMatterMismatches(original: KnowledgeDoc, translation: KnowledgeDoc, eq: Equivalents): string[] {
  const o = original.meta;
  const t = translation.meta;
  const bad: string[] = [];
  if (o.language !== 'en') bad.push(`translation_of names a ${o.language} page, not an English one`);
  if (t.language === o.language) bad.push(`language is ${t.language}, the same as the original's`);
  if (!sameList(o.jurisdictions, t.jurisdictions)) bad.push('jurisdictions differ');
  if (!sameList(o.sources, t.sources)) bad.push('sources differ');
  if (!sameList(o.agency, t.agency)) bad.push('agency differs');
  if (o.kind !== t.kind) bad.push('kind differs');
  for (const key of ['name', 'launched'] as const) {
    if (String(o.programme?.[key] ?? '') !== String(t.programme?.[key] ?? '')) bad.push(`programme.${key} differs`);
  }
  // The administration's description may be translated ("with the National Police"), its names and codes not.
  const agency = (m: typeof o) => factTokens(String(m.programme?.agency ?? ''), eq[t.language] ?? {}, eq.phrases);
  if (diff(agency(o), agency(t)).length || diff(agency(t), agency(o)).length) bad.push('programme.agency names differ');
  return bad;
}

/** Compares a translated page with its English original, section by section when both have the same sections. */
export function compareTranslation(original: KnowledgeDoc, translation: KnowledgeDoc, eq: Equivalents): SyncMismatch[] {
  const map = eq[translation.meta.language] ?? {};
  const tokens = (text: string) => factTokens(text, map, eq.phrases);
  const file = translation.file;
  const orig = original.file;
  const out: SyncMismatch[] = [];
  const fm = frontMatterMismatches(original, translation, eq);
  if (fm.length) out.push({ file, original: orig, where: 'front matter', missing: fm, extra: [] });
  const a = sections(original.body);
  const b = sections(translation.body);
  if (a.length !== b.length) {
    out.push({ file, original: orig, where: 'sections', missing: [`${a.length} sections in English`], extra: [`${b.length} here`] });
    const whole = (doc: KnowledgeDoc) => tokens(stripComments(doc.body));
    return [...out, ...compareFacts(file, orig, 'whole page', whole(original), whole(translation))];
  }
  a.forEach((s, i) => {
    const t = b[i]!;
    out.push(...compareFacts(file, orig, `${s.heading} / ${t.heading}`, tokens(s.text), tokens(t.text)));
  });
  return out;
}

/** One line per mismatch, naming the file to update and what to look for. */
export function formatMismatch(m: SyncMismatch): string {
  const parts = [m.missing.length ? `lacks ${m.missing.join(', ')}` : '', m.extra.length ? `adds ${m.extra.join(', ')}` : '']
    .filter(Boolean);
  return `knowledge/${m.file} (translation of ${m.original}) [${m.where}]: ${parts.join('; ')}`;
}
