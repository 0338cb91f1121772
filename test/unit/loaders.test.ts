import { describe, expect, it } from 'vitest';
import { loadHtml, loadMarkdown, loadPdf, loadText } from '../../src/knowledge/loaders.js';
import { minimalPdf } from '../helpers/pdf.js';

const GOOD = `---
title: Peru OEA
sources: [https://www.sunat.gob.pe/]
jurisdictions: [PE]
topics: [programme]
language: en
updated: 2026-01-15
---
## Overview

Peru's OEA programme is run by SUNAT.
`;

describe('loadMarkdown', () => {
  it('reads front matter and where the body starts', () => {
    const doc = loadMarkdown(GOOD, 'pe.md');
    expect(doc.meta).toMatchObject({ title: 'Peru OEA', sources: ['https://www.sunat.gob.pe/'], jurisdictions: ['PE'], language: 'en', updated: '2026-01-15', kind: 'page' });
    expect(doc.bodyStartLine).toBe(9);
  });
  it('rejects front matter without sources, naming the field', () => {
    expect(() => loadMarkdown(GOOD.replace('sources: [https://www.sunat.gob.pe/]\n', ''), 'x.md')).toThrow(/sources/);
  });
  it('rejects broken YAML', () => {
    expect(() => loadMarkdown('---\ntitle: [unclosed\n---\nbody text', 'x.md')).toThrow(/not valid YAML/);
  });
  it('rejects an unknown language and a bad date', () => {
    expect(() => loadMarkdown(GOOD.replace('language: en', 'language: de'), 'x.md')).toThrow(/language/);
    expect(() => loadMarkdown(GOOD.replace('updated: 2026-01-15', 'updated: January'), 'x.md')).toThrow(/updated/);
  });
  it('accepts Markdown without front matter, titled by its first heading', () => {
    const doc = loadMarkdown('# Dropped note\n\nSome text about AEO.', 'notes/dropped.md');
    expect(doc.meta.title).toBe('Dropped note');
    expect(doc.meta.sources).toEqual(['notes/dropped.md']);
  });
  it('rejects a file with no text', () => {
    expect(() => loadMarkdown(GOOD.replace(/## Overview[\s\S]*/, ''), 'x.md')).toThrow(/no text/);
  });
});

describe('loadText', () => {
  it('takes the source from a leading Source: line', () => {
    const doc = loadText('Source: https://example.org/news\n\nText body.', 'news-item.txt');
    expect(doc.meta.sources).toEqual(['https://example.org/news']);
    expect(doc.meta.title).toBe('News item');
  });
});

describe('loadHtml', () => {
  it('keeps headings and text, drops scripts and styles', () => {
    const doc = loadHtml('<html lang="es"><head><title>T</title><link rel="canonical" href="https://x.org/p"><style>.a{}</style></head><body><script>evil()</script><h2>Sección</h2><p>Texto uno.</p><ul><li>item</li></ul></body></html>', 'p.html');
    expect(doc.meta).toMatchObject({ title: 'T', sources: ['https://x.org/p'], language: 'es' });
    expect(doc.body).toContain('## Sección');
    expect(doc.body).toContain('- item');
    expect(doc.body).not.toContain('evil');
  });
});

describe('loadPdf', () => {
  it('extracts the text of each page as a section', async () => {
    const doc = await loadPdf(minimalPdf(['AEO validation takes place on site.', 'Second page text.']), 'guide.pdf');
    expect(doc.body).toContain('## Page 1');
    expect(doc.body).toContain('AEO validation takes place on site.');
    expect(doc.body).toContain('## Page 2');
  });
  it('rejects a file that is not a PDF with a reason', async () => {
    await expect(loadPdf(Buffer.from('not a pdf at all'), 'broken.pdf')).rejects.toThrow(/PDF could not be read/);
  });
});
