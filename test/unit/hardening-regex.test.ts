import { describe, expect, it } from 'vitest';
import { chunkDocument, parseHeading } from '../../src/knowledge/chunker.js';
import { splitFrontMatter } from '../../src/knowledge/front-matter.js';
import { loadMarkdown, loadText } from '../../src/knowledge/loaders.js';
import { compareTranslation, stripComments } from '../../src/knowledge/translation-sync.js';
import { languageCommand } from '../../src/core/answer-engine.js';
import { checkGrounded, citedNumbers, renumber } from '../../src/llm/citation-check.js';
import { findMarkers } from '../../src/llm/citation-markers.js';
import type { Chunk } from '../../src/knowledge/types.js';

/**
 * Every pattern that reads knowledge or questions, fed the red team's pathological inputs: each must finish well
 * inside the bound (the cubic heading pattern took 12 s on 3,000 spaces when cold, the bound here is 250 ms for
 * 20,000). Linear work on these sizes takes a few milliseconds, so the bound only fails on super-linear scans.
 */
const BOUND_MS = 250;
const timed = <T>(fn: () => T): { value: T; ms: number } => {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
};
const spaces = (n: number) => ' '.repeat(n);

describe('headings', () => {
  it('parses as the old pattern did', () => {
    expect(parseHeading('## Title')).toEqual({ level: 2, text: 'Title' });
    expect(parseHeading('### Title ###  ')).toEqual({ level: 3, text: 'Title' });
    expect(parseHeading('# a #b')).toEqual({ level: 1, text: 'a #b' });
    expect(parseHeading('## #')).toEqual({ level: 2, text: '#' });
    expect(parseHeading('####### seven')).toBeUndefined();
    expect(parseHeading('#nospace')).toBeUndefined();
    expect(parseHeading('##   ')).toBeUndefined();
  });

  it.each([3000, 4000, 20_000])('a heading padded with %i spaces is read in linear time', (n) => {
    for (const line of [`## a${spaces(n)}b`, `## a${spaces(n)}#b`, `## a${spaces(n)}b\t`, `##${spaces(n)}#${spaces(n)}#`]) {
      const { ms } = timed(() => parseHeading(line));
      expect(ms).toBeLessThan(BOUND_MS);
    }
    const body = `## a${spaces(n)}b\n\ntext\n\n<!-- questions:\n- a${spaces(n)}b\n-->\n`;
    const doc = loadMarkdown(`# T\n\n${body}`, 'x.md');
    const { value, ms } = timed(() => chunkDocument(doc));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(value[0]?.headings[0]).toBe(`a${spaces(n)}b`);
    expect(value[0]?.questions?.[0]).toBe(`a${spaces(n)}b`);
    expect(timed(() => chunkDocument(loadText(`## a${spaces(n)}b\n\nplain`, 'x.txt'))).ms).toBeLessThan(BOUND_MS);
  });
});

describe('front matter', () => {
  it('refuses an unterminated block quickly, even a long one', () => {
    const text = `---\ntitle: x\n${'\n---x'.repeat(20_000)}\nbody`;
    const t = performance.now();
    expect(() => splitFrontMatter(text)).toThrow(/never closed/);
    expect(performance.now() - t).toBeLessThan(BOUND_MS);
  });
});

describe('/lang command', () => {
  it.each([
    `lang${spaces(20_000)}x`, `lang${' :'.repeat(10_000)}`, `/language${spaces(10_000)}:${spaces(9_000)}e`, `idioma${'\t'.repeat(20_000)}es!`,
  ])('is linear on long whitespace runs (%#)', (text) => {
    const { value, ms } = timed(() => languageCommand(text));
    expect(value).toBeUndefined();
    expect(ms).toBeLessThan(BOUND_MS);
  });
});

describe('citation markers', () => {
  const passages = [{ id: 'a' }, { id: 'b' }] as Chunk[];

  it('reads the markers models write', () => {
    expect(citedNumbers('A [1]. B [1, 2]. C [1; 2]. D [1-2]. E [1 – 2]. [1234] [x] [')).toEqual([1, 1, 2, 1, 2, 1, 2, 1, 2]);
    expect(findMarkers('[[1]]').map((m) => m.list)).toEqual(['1']);
  });

  it.each([
    `[1${', 1'.repeat(20_000)}`, `[1${spaces(40_000)}x`, '['.repeat(40_000), `[1${',;-–'.repeat(10_000)}]`,
    `${'[1,'.repeat(15_000)}`, `Text${' :'.repeat(20_000)}`, `a\n${' \t'.repeat(20_000)}\n`, `${'\n'.repeat(20_000)}x`,
  ])('is linear on long punctuation runs (%#)', (text) => {
    expect(timed(() => citedNumbers(text)).ms).toBeLessThan(BOUND_MS);
    expect(timed(() => checkGrounded(`Applications are decided within 120 days [1]. ${text}`, 2)).ms).toBeLessThan(BOUND_MS);
    expect(timed(() => renumber(text, passages)).ms).toBeLessThan(BOUND_MS);
  });
});

describe('translation sync comments', () => {
  const old = (s: string) => s.replace(/<!--[\s\S]*?-->/g, '');

  it('strips comments as the old pattern did', () => {
    for (const s of ['a<!-- x -->b', '<!---->', '<!-->x-->y', '<!--a-->b<!--c', 'x<!--a<!--b-->c-->d', '<!--\n- q\n-->\ntext', 'none']) {
      expect(stripComments(s)).toBe(old(s));
    }
  });

  it.each([`${'<!--'.repeat(20_000)}x`, `<!--${'-'.repeat(40_000)}`, `${'<!-- a --'.repeat(10_000)}`])(
    'is linear on many unclosed comments (%#)', (text) => {
      const doc = (file: string) => loadMarkdown(`# T\n\n## S\n\n${text}\n`, file);
      expect(timed(() => stripComments(text)).ms).toBeLessThan(BOUND_MS);
      expect(timed(() => compareTranslation(doc('a.md'), doc('es/a.md'), {})).ms).toBeLessThan(BOUND_MS);
    },
  );
});
