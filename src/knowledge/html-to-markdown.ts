import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';
import { tables } from '@joplin/turndown-plugin-gfm';

/** What an HTML page says about itself, read before extraction changes the document. */
export interface HtmlPage {
  title?: string;
  /** `<link rel="canonical">` or `<meta name="source">`: the page's own address. */
  source?: string;
  language?: string;
  /** The main content as Markdown: headings, lists and tables kept; menus, footers and scripts gone. */
  markdown: string;
}

/** Elements that are never knowledge: code, forms, media, and the page's furniture around the content. */
const NEVER = 'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, input, select, textarea';
const FURNITURE = 'nav, footer, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"], [hidden]';

/**
 * Most elements one page may have: Readability scores every element, so a file of millions is refused (the
 * caller skips it with this message) rather than left to hold the build.
 */
export const MAX_HTML_ELEMENTS = 200_000;

/** Readability's time grows with the square of the nesting: deeper pages are read without it, far deeper refused. */
const READABLE_DEPTH = 100;
export const MAX_HTML_DEPTH = 1000;

/**
 * Main-content extraction: an explicit `<main>` / `role="main"` / single `<article>` when the page marks one,
 * else Mozilla's Readability (the Firefox Reader View); when Readability finds no article (a short page), the
 * body without its furniture.
 */
export function htmlToMarkdown(html: string): HtmlPage {
  const { document } = parseHTML(html);
  const elements = document.querySelectorAll('*').length;
  if (elements > MAX_HTML_ELEMENTS) throw new Error(`HTML has ${elements} elements, over the limit of ${MAX_HTML_ELEMENTS}`);
  const depth = nesting(document.documentElement);
  if (depth > MAX_HTML_DEPTH) throw new Error(`HTML elements are nested ${depth} deep, over the limit of ${MAX_HTML_DEPTH}`);
  const title = clean(document.querySelector('title')?.textContent) || clean(document.querySelector('h1')?.textContent);
  const source = document.querySelector('link[rel="canonical"]')?.getAttribute('href')
    ?? document.querySelector('meta[name="source"]')?.getAttribute('content') ?? undefined;
  const language = document.documentElement?.getAttribute('lang')?.slice(0, 2).toLowerCase() || undefined;
  for (const el of [...document.querySelectorAll(NEVER)]) el.remove();
  removeFurniture(document);
  const content = marked(document) ?? (depth <= READABLE_DEPTH ? readable(document) : undefined) ?? withoutFurniture(document);
  // Turndown pads list markers to four columns ("-   item"): one space, as the knowledge pages write them.
  const markdown = converter().turndown(content).replace(/^(\s*)(-|\d+\.) {2,}/gm, '$1$2 ').replace(/\n{3,}/g, '\n\n').trim();
  return { ...(title ? { title } : {}), ...(source ? { source } : {}), ...(language ? { language } : {}), markdown };
}

/** Deepest element nesting, walked without recursion (a hostile page may nest thousands deep). */
function nesting(root: Element | null): number {
  let max = 0;
  const stack: [Element, number][] = root ? [[root, 1]] : [];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [el, d] = top;
    if (d > max) max = d;
    for (const child of el.children) stack.push([child, d + 1]);
  }
  return max;
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The content the author marked as main. */
function marked(document: Document): string | undefined {
  const mains = document.querySelectorAll('main, [role="main"]');
  const articles = document.querySelectorAll('article');
  const el = mains.length === 1 ? mains[0] : !mains.length && articles.length === 1 ? articles[0] : undefined;
  return el && clean(el.textContent) ? el.outerHTML : undefined;
}

function readable(document: Document): string | undefined {
  // Readability changes the document it reads: it gets a copy, so the fallback still has the whole page.
  const copy = document.cloneNode(true) as Document;
  const article = new Readability(copy, { charThreshold: 200, keepClasses: false }).parse();
  return article?.content && clean(article.textContent) ? article.content : undefined;
}

/** Menus, sidebars and footers; a page header too, unless it holds the page's heading (an article's header). */
function removeFurniture(document: Document): void {
  for (const el of [...document.querySelectorAll(FURNITURE)]) el.remove();
  for (const el of [...document.querySelectorAll('header')]) if (!el.querySelector('h1, h2')) el.remove();
}

function withoutFurniture(document: Document): string {
  return (document.body ?? document.documentElement).innerHTML;
}

let service: TurndownService | undefined;

/** One Turndown service per thread: ATX headings, `-` lists, fenced code, GFM tables. */
function converter(): TurndownService {
  if (service) return service;
  service = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced', emDelimiter: '*' });
  service.use(tables);
  service.remove(['script', 'style', 'noscript']);
  // Emphasis would reach answers as asterisks: its words are kept plain.
  service.addRule('plainEmphasis', { filter: ['strong', 'b', 'em', 'i', 'u', 'mark'], replacement: (text) => text });
  // Answers quote the text: keep it as written, escaping only what would turn a line into a heading or a list.
  service.escape = (text: string) => text.replace(/^(\s*)([#>]|[-+*](?=\s)|\d+\.(?=\s))/gm, '$1\\$2');
  return service;
}
