import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The web chat's files: the page (inline script and style, hashed into its CSP) and the embeddable widget. */
export interface WebPage {
  html: string;
  /** public/widget.js: adds a chat button that opens the page in an iframe on another site. */
  widget?: string;
}

export async function readWebPage(publicDir: string): Promise<WebPage> {
  const [html, widget] = await Promise.all([
    readFile(join(publicDir, 'index.html'), 'utf8'),
    readFile(join(publicDir, 'widget.js'), 'utf8'),
  ]);
  return { html, widget };
}
