import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/knowledge/chunker.js';
import { htmlToMarkdown, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from '../../src/knowledge/html-to-markdown.js';
import { loadHtml } from '../../src/knowledge/loaders.js';

/** Pages shaped like the ones customs administrations publish: a CMS layout of nested divs around the content. */
const menu = '<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/tax">Tax services</a></li>' +
  '<li><a href="/contact">Contact us</a></li></ul></nav>';
const footer = '<footer><p>© 2026 National Customs. All rights reserved.</p><ul><li><a href="/privacy">Privacy policy</a></li>' +
  '</ul></footer>';

function cmsPage(content: string, opts: { lang?: string; head?: string } = {}): string {
  return `<!doctype html><html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><title>OEA Peru | Customs</title>
<style>.x{color:red}</style>${opts.head ?? ''}<script>window.dataLayer=[];track('pageview')</script></head>
<body><header><div class="logo">National Customs</div>${menu}</header>
<div id="wrapper"><div class="row"><div class="col-3 sidebar"><div class="widget"><ul class="links">
<li><a href="/a">Related: tariff tables</a></li><li><a href="/b">Related: excise duties</a></li></ul></div></div>
<div class="col-9 content"><div class="inner"><div class="entry">${content}</div></div></div></div></div>
${footer}<script src="/analytics.js"></script><noscript>Enable JavaScript to continue</noscript></body></html>`;
}

const programme = `<h1>Authorized Economic Operator in Peru</h1>
<div>Peru's OEA programme is run by SUNAT and certifies traders that meet security requirements.
  <div><span>It was launched in 2012</span> and joining it is voluntary.</div></div>
<div><div><div>Companies apply online through the SUNAT portal with a self-assessment questionnaire.</div></div></div>
<h2>Benefits</h2>
<ul><li>Fewer physical and documentary inspections</li><li>Priority clearance <b>at every port</b></li></ul>
<h2>Fees and validity</h2>
<table><thead><tr><th>Step</th><th>Cost</th></tr></thead>
<tbody><tr><td>Application</td><td>Free of charge</td></tr><tr><td>Renewal</td><td>Free of charge</td></tr></tbody></table>
<h3>Validity</h3><p>The certificate is valid for three years and is reviewed every year.</p>`;

const occurrences = (text: string, word: string) => text.split(word).length - 1;

describe('HTML knowledge: main content as Markdown', () => {
  const doc = loadHtml(cmsPage(programme, { head: '<link rel="canonical" href="https://customs.example/oea">' }), 'pe.html');

  it('keeps text that sits directly in (nested) divs, once', () => {
    expect(doc.body).toContain("Peru's OEA programme is run by SUNAT");
    expect(doc.body).toContain('It was launched in 2012 and joining it is voluntary.');
    expect(doc.body).toContain('Companies apply online through the SUNAT portal');
    expect(occurrences(doc.body, 'launched in 2012')).toBe(1);
    expect(occurrences(doc.body, 'self-assessment questionnaire')).toBe(1);
  });

  it('keeps headings, lists and tables as Markdown structure', () => {
    expect(doc.body).toMatch(/^#{1,2} Authorized Economic Operator in Peru$/m);
    expect(doc.body).toMatch(/^## Benefits$/m);
    expect(doc.body).toMatch(/^### Validity$/m);
    expect(doc.body).toMatch(/^-\s+Fewer physical and documentary inspections$/m);
    expect(doc.body).toMatch(/^-\s+Priority clearance at every port$/m);
    expect(doc.body).toContain('| Step | Cost |');
    expect(doc.body).toMatch(/^\| Application \| Free of charge \|$/m);
  });

  it('drops menus, sidebars, footers, scripts and styles', () => {
    for (const gone of ['Tax services', 'Contact us', 'Related: tariff tables', 'All rights reserved', 'Privacy policy',
      'dataLayer', 'pageview', 'color:red', 'Enable JavaScript']) expect(doc.body).not.toContain(gone);
  });

  it('takes title, canonical source and language from the head', () => {
    expect(doc.meta).toMatchObject({ title: 'OEA Peru | Customs', sources: ['https://customs.example/oea'], language: 'en' });
  });

  it('chunks along the page headings, with the table in its section', () => {
    const chunks = chunkDocument(doc);
    const fees = chunks.find((c) => c.headings.at(-1) === 'Fees and validity');
    expect(fees?.text).toContain('| Renewal | Free of charge |');
    expect(chunks.find((c) => c.headings.at(-1) === 'Validity')?.text).toContain('valid for three years');
  });

  it('prefers the content the page marks as <main>, without the furniture nested in it', () => {
    const page = `<html lang="fr"><head><title>OEA France</title></head><body>${menu}
<main><nav class="breadcrumb"><a href="/">Accueil</a> › <a href="/oea">OEA</a></nav><h1>Statut OEA</h1>
<p>Le statut OEA est délivré par la douane française après un audit.</p></main>${footer}</body></html>`;
    const fr = loadHtml(page, 'fr.html');
    expect(fr.meta.language).toBe('fr');
    expect(fr.body).toContain('Le statut OEA est délivré par la douane française après un audit.');
    expect(fr.body).not.toContain('Accueil');
    expect(fr.body).not.toContain('Home');
  });

  it('reads a short page Readability finds no article in: the body without its furniture', () => {
    const page = `<html><body>${menu}<div><h2>Contact</h2><div>Write to oea@customs.example.</div></div>${footer}</body></html>`;
    const short = loadHtml(page, 'contact-page.html');
    expect(short.body).toContain('## Contact');
    expect(short.body).toContain('oea@customs.example');
    expect(short.body).not.toContain('Tax services');
    expect(short.meta.title).toBe('Contact page');
  });

  it('keeps a table without a header row as a table, and text that looks like Markdown as text', () => {
    const page = cmsPage(`<h2>Figures</h2><p>About 1,200 companies hold the status; ${'more text about the programme. '.repeat(12)}</p>
<table><tr><td>Validity</td><td>3 years</td></tr><tr><td>Review</td><td>Yearly</td></tr></table>
<p>1. is not a list item here, and *stars* stay.</p>`);
    const md = htmlToMarkdown(page).markdown;
    expect(md).toMatch(/^\| Validity \| 3 years \|$/m);
    expect(md).toContain('*stars* stay');
    expect(md).not.toMatch(/^1\. is not/m);
  });

  it('a page of only furniture and scripts has no text content (the file is skipped with that reason)', () => {
    expect(() => loadHtml(`<html><body><script>x()</script><nav>${menu}</nav></body></html>`, 'empty.html')).toThrow('no text content');
  });

  it('refuses a page with more elements than the limit, naming it', () => {
    const page = `<html><body>${'<span>x</span>'.repeat(MAX_HTML_ELEMENTS + 1)}</body></html>`;
    expect(() => loadHtml(page, 'big.html')).toThrow(/elements, over the limit of 200000/);
  });

  it('reads markup nested 800 deep (without Readability, whose time grows with the square of it)', () => {
    const deep = (n: number) => `<html><body>${'<div>'.repeat(n)}Deep text about AEO audits.${'</div>'.repeat(n)}</body></html>`;
    const started = performance.now();
    expect(loadHtml(deep(800), 'deep.html').body).toBe('Deep text about AEO audits.');
    // A bound that catches a freeze only (Readability took ~19 s at 1,000 deep here).
    expect(performance.now() - started).toBeLessThan(5000);
    expect(() => loadHtml(deep(MAX_HTML_DEPTH + 5), 'deeper.html')).toThrow(/nested 100\d deep, over the limit of 1000/);
  });
});
