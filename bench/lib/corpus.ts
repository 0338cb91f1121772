/**
 * Synthetic corpora made from the real knowledge, so speed can be measured at sizes the knowledge base does not
 * have yet. Documents are perturbed (sentences recombined across chunks, a distinct id token appended) so that no
 * two are identical: identical documents would make BM25 ties and HNSW duplicates that flatter or punish the index.
 */
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { splitSentences } from '../../src/answering/text.js';
import type { Chunk } from '../../src/knowledge/types.js';
import type { Manifest } from '../../src/search/index-store.js';
import { rng } from './stats.js';

/** A token no word vector knows and no question contains: it makes a document distinct without changing its meaning. */
export const idToken = (i: number): string => `zq${i.toString(36)}x`;

/**
 * `n` chunks built from `base` (registry rows left out): chunk i keeps the title, headings and language of
 * base[i % B], and mixes its sentences with sentences of another chunk picked at random (same language), in a
 * shuffled order, plus the id token. Deterministic for a given seed.
 */
export function synthesizeChunks(base: Chunk[], n: number, seed = 7): Chunk[] {
  const pool = base.filter((c) => c.kind !== 'registry' && c.text.trim());
  const sentences = pool.map((c) => splitSentences(c.text));
  const byLanguage = new Map<string, number[]>();
  pool.forEach((c, i) => byLanguage.set(c.language, [...(byLanguage.get(c.language) ?? []), i]));
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: Chunk[] = [];
  for (let i = 0; i < n; i++) {
    const bi = i % pool.length;
    const b = pool[bi]!;
    const own = sentences[bi] ?? [b.text];
    const partner = sentences[pick(byLanguage.get(b.language) ?? [bi])] ?? [];
    // About half of the base's sentences, at least one, and one to three of the partner's.
    const keep = own.filter(() => rand() < 0.6);
    if (!keep.length) keep.push(pick(own));
    const extra = partner.length ? Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(partner)) : [];
    const mixed = [...keep, ...extra];
    for (let k = mixed.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [mixed[k], mixed[j]] = [mixed[j]!, mixed[k]!];
    }
    out.push({ ...b, id: `syn-${i}`, file: `synthetic/${Math.floor(i / 50)}.md`, text: `${mixed.join(' ')} ${idToken(i)}` });
  }
  return out;
}

/** Queries for the speed tests: the dev questions, then sentences of the corpus (deterministic). */
export function benchQueries(devQuestions: string[], base: Chunk[], n: number, seed = 11): string[] {
  const rand = rng(seed);
  const pool = base.filter((c) => c.kind !== 'registry');
  const out = [...devQuestions];
  while (out.length < n && pool.length) {
    const c = pool[Math.floor(rand() * pool.length)]!;
    const s = splitSentences(c.text).filter((x) => x.split(' ').length >= 5);
    if (s.length) out.push(s[Math.floor(rand() * s.length)]!);
  }
  return out.slice(0, Math.max(n, devQuestions.length));
}

const SHARED = /^(mra\/|faq\.md$|glossary\.md$)/;

/**
 * A knowledge folder of about `target` chunks for the real engine: the real knowledge once (with its FAQ, glossary
 * and MRA registry), then copies of the programme/guidance pages, each paragraph tagged with a distinct id token.
 * Returns the folder and the number of copies.
 */
export async function syntheticKnowledge(knowledgeDir: string, manifest: Manifest, into: string, target: number): Promise<{ dir: string; copies: number; expectedChunks: number }> {
  const dir = join(into, `knowledge-${target}`);
  await cp(knowledgeDir, join(dir, 'base'), { recursive: true });
  const perCopy = Object.entries(manifest.files).filter(([f]) => !SHARED.test(f)).reduce((s, [, v]) => s + v.chunks, 0);
  const copies = Math.max(0, Math.round((target - manifest.chunkCount) / Math.max(1, perCopy)));
  const files = (await listFiles(knowledgeDir)).filter((f) => !SHARED.test(f));
  for (let c = 1; c <= copies; c++) {
    for (const f of files) {
      const src = join(knowledgeDir, f);
      const dst = join(dir, `copy-${c}`, f);
      await mkdir(dirname(dst), { recursive: true });
      if (f.endsWith('.md')) await writeFile(dst, tagParagraphs(await readFile(src, 'utf8'), c));
      else await cp(src, dst);
    }
  }
  return { dir, copies, expectedChunks: manifest.chunkCount + copies * perCopy };
}

/** Appends an id token to each prose line of a Markdown body (front matter, headings, tables and code untouched). */
export function tagParagraphs(md: string, copy: number): string {
  const lines = md.split('\n');
  let i = 0;
  if (lines[0]?.trim() === '---') {
    i = lines.findIndex((l, k) => k > 0 && l.trim() === '---') + 1;
    if (i <= 0) return md;
  }
  let fenced = false;
  let comment = false;
  let n = 0;
  for (; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const t = l.trim();
    if (t.startsWith('```')) fenced = !fenced;
    // HTML comments (the sections' `<!-- questions:` blocks) stay as they are: a token after `-->` would leave the
    // block open and the rest of the file unread.
    if (t.startsWith('<!--')) comment = !t.includes('-->');
    else if (comment && t.includes('-->')) {
      comment = false;
      continue;
    }
    if (fenced || comment || !t || /^(#|\||```|>|---|<|-->)/.test(t)) continue;
    lines[i] = `${l.replace(/\s+$/, '')} ${idToken(copy * 100_000 + n++)}`;
  }
  return lines.join('\n');
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}
