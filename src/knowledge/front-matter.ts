import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isPartialDate } from './dates.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isPartialDate, 'expected a real calendar date (YYYY-MM-DD)');
const stringList = z.array(z.string().min(1));

export const frontMatterSchema = z.object({
  title: z.string().min(1),
  sources: stringList.min(1, 'at least one source is required'),
  jurisdictions: stringList.default([]),
  topics: stringList.default([]),
  language: z.enum(['en', 'es', 'fr']).default('en'),
  updated: z.union([isoDate, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
  kind: z.enum(['page', 'faq', 'glossary']).default('page'),
  programme: z.record(z.string(), z.unknown()).optional(),
  /** The administration's names and acronyms as users type them (SUNAT, CBP, "Canada Border Services Agency"). */
  agency: stringList.default([]),
  /** Other names of the programme or jurisdiction (CTPAT, C-TPAT, PIP, NEEC, "OEA Perú"). */
  aliases: stringList.default([]),
  /** ISO codes of the jurisdictions the programme covers without a page of their own (the EU's Member States). */
  members: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected ISO 3166 alpha-2 codes such as DE')).default([]),
  /** A translated page names its English original (path under knowledge/); the sync check compares their facts. */
  translation_of: z.string().regex(/^[\w./-]+\.md$/, 'expected a path such as programmes/pe-oea.md').optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export interface SplitResult {
  /** Raw YAML text, or undefined when the file has no front matter. */
  yaml?: string;
  body: string;
  /** 1-based line number where the body starts. */
  bodyStartLine: number;
}

/** Splits off the front matter block; throws when a block is opened and never closed. */
export function splitFrontMatter(text: string): SplitResult {
  const src = text.replace(/^\uFEFF/, '');
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(src);
  if (!m) {
    // An opening fence with no closing one would otherwise turn the whole front matter into body text.
    if (/^---[ \t]*\r?\n/.test(src)) throw new Error('front matter opened on line 1 is never closed (no "---" line)');
    return { body: src, bodyStartLine: 1 };
  }
  const consumed = m[0];
  return { yaml: m[1] ?? '', body: src.slice(consumed.length), bodyStartLine: consumed.split('\n').length };
}

/** Parses and validates front matter; throws an Error whose message says what is wrong. */
export function parseFrontMatter(yamlText: string): FrontMatter {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new Error(`front matter is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = frontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`front matter ${first?.path.join('.') || 'root'}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
