import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/knowledge/chunker.js';
import { loadMarkdown } from '../../src/knowledge/loaders.js';

const DOC = `---
title: Guide
sources: [s]
---
# Guide

Intro line.

## Criteria

### Security

Premises must be secure.

## Benefits

Fewer inspections.
`;

describe('chunkDocument', () => {
  const chunks = chunkDocument(loadMarkdown(DOC, 'guide.md'));

  it('keeps the heading path, file and line range', () => {
    const sec = chunks.find((c) => c.text === 'Premises must be secure.');
    expect(sec).toMatchObject({ file: 'guide.md', title: 'Guide', headings: ['Criteria', 'Security'], lineStart: 13, lineEnd: 13 });
    expect(chunks.map((c) => c.headings.join('/'))).toEqual(['', 'Criteria/Security', 'Benefits']);
  });

  it('gives stable ids that do not depend on the text', () => {
    const again = chunkDocument(loadMarkdown(DOC.replace('Fewer inspections.', 'Fewer checks.'), 'guide.md'));
    expect(again.map((c) => c.id)).toEqual(chunks.map((c) => c.id));
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('splits a long section on paragraph boundaries', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'word '.repeat(20)}`).join('\n\n');
    const parts = chunkDocument(loadMarkdown(`---\ntitle: L\nsources: [s]\n---\n## Long\n\n${long}\n`, 'l.md'));
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((p) => p.text.length < 1400)).toBe(true);
    expect(parts.every((p) => p.headings[0] === 'Long')).toBe(true);
  });

  it('does not treat # inside code fences as headings', () => {
    const c = chunkDocument(loadMarkdown('---\ntitle: C\nsources: [s]\n---\n## A\n\n```\n# not a heading\n```\n', 'c.md'));
    expect(c).toHaveLength(1);
    expect(c[0]?.text).toContain('# not a heading');
  });
});
