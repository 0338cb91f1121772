import { readFile } from 'node:fs/promises';
import { extname, basename } from 'node:path';
import { parseFrontMatter, splitFrontMatter } from './front-matter.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { checkPdfInflation } from './pdf-guard.js';
import { DEFAULT_INGEST_LIMITS, LimitExceeded, type IngestLimits } from './ingest-limits.js';
import type { DocMeta, KnowledgeDoc } from './types.js';

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm', '.pdf'] as const;

const FALLBACK_UPDATED = undefined;

function defaultMeta(file: string, title: string, sources: string[]): DocMeta {
  return { title, sources, jurisdictions: [], topics: [], language: 'en', updated: FALLBACK_UPDATED, kind: 'page' };
}

function titleFromName(file: string): string {
  const name = basename(file).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Loads one knowledge file. Throws an Error naming the problem; the caller skips the file and logs it. */
export async function loadKnowledgeFile(absPath: string, relPath: string, limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<KnowledgeDoc> {
  const ext = extname(relPath).toLowerCase();
  if (ext === '.pdf') return loadPdf(await readFile(absPath), relPath, limits);
  const text = await readFile(absPath, 'utf8');
  if (text.includes('\u0000')) throw new Error('file looks binary, not text');
  if (ext === '.md' || ext === '.markdown') return loadMarkdown(text, relPath);
  if (ext === '.html' || ext === '.htm') return loadHtml(text, relPath);
  if (ext === '.txt') return loadText(text, relPath);
  throw new Error(`unsupported file type ${ext || '(none)'}`);
}

export function loadMarkdown(text: string, file: string): KnowledgeDoc {
  const split = splitFrontMatter(text);
  if (split.yaml === undefined) {
    // A Markdown file dropped in without front matter: title from its first heading, the file itself as source.
    const h1 = /^#\s+(.+)$/m.exec(split.body)?.[1]?.trim();
    return requireBody({ file, format: 'markdown', meta: defaultMeta(file, h1 ?? titleFromName(file), [file]), body: split.body, bodyStartLine: 1 });
  }
  const fm = parseFrontMatter(split.yaml);
  const meta: DocMeta = { ...fm };
  return requireBody({ file, format: 'markdown', meta, body: split.body, bodyStartLine: split.bodyStartLine });
}

/** Plain text: a leading "Source: ..." line names the source, as in saved news items. */
export function loadText(text: string, file: string): KnowledgeDoc {
  const m = /^\s*source:\s*(.+)$/im.exec(text.split('\n').slice(0, 3).join('\n'));
  const sources = m?.[1] ? [m[1].trim()] : [file];
  return requireBody({ file, format: 'text', meta: defaultMeta(file, titleFromName(file), sources), body: text, bodyStartLine: 1 });
}

/** HTML: the main content as Markdown (headings, lists, tables), without menus, footers and scripts. */
export function loadHtml(text: string, file: string): KnowledgeDoc {
  const page = htmlToMarkdown(text);
  const meta = defaultMeta(file, page.title ?? titleFromName(file), [page.source ?? file]);
  if (page.language === 'es' || page.language === 'fr' || page.language === 'en') meta.language = page.language;
  return requireBody({ file, format: 'html', meta, body: page.markdown, bodyStartLine: 1 });
}

/** PDF: text per page; each page becomes a section "Page N" so citations can point at it. */
export async function loadPdf(data: Buffer, file: string, limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<KnowledgeDoc> {
  checkPdfInflation(data, limits.maxPdfInflatedBytes);
  const { extractText, getDocumentProxy, getMeta } = await import('unpdf');
  let pages: string[];
  let pdfTitle: string | undefined;
  try {
    // verbosity 0: pdf.js would otherwise print warnings to the console, outside our logger.
    const doc = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
    if (doc.numPages > limits.maxPdfPages) throw new LimitExceeded('PDF pages', doc.numPages, limits.maxPdfPages, 'MAX_PDF_PAGES');
    const { text } = await extractText(doc, { mergePages: false });
    pages = Array.isArray(text) ? text : [text];
    const info = (await getMeta(doc)).info as Record<string, unknown> | undefined;
    pdfTitle = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
  } catch (err) {
    if (err instanceof LimitExceeded) throw err;
    throw new Error(`PDF could not be read (${(err as Error).message})`);
  }
  const body = pages.map((p, i) => `## Page ${i + 1}\n\n${p.trim()}\n`).join('\n');
  return requireBody({ file, format: 'pdf', meta: defaultMeta(file, pdfTitle ?? titleFromName(file), [file]), body, bodyStartLine: 1 });
}

function requireBody(doc: KnowledgeDoc): KnowledgeDoc {
  if (!/[\p{L}\p{N}]/u.test(doc.body)) throw new Error('no text content');
  return doc;
}
