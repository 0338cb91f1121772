import { readFile, rm, writeFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/logging/logger.js';
import { IndexStore } from '../../src/search/index-store.js';
import { CHUNKER_VERSION } from '../../src/knowledge/chunker.js';
import { HybridRetriever } from '../../src/search/hybrid-retriever.js';
import { HashEmbeddings } from '../helpers/hash-embeddings.js';
import { minimalPdf } from '../helpers/pdf.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let knowledge: string;
let indexDir: string;

beforeEach(async () => {
  tmp = await tempDir();
  knowledge = await copyFixtureKnowledge(tmp.dir);
  indexDir = join(tmp.dir, 'index');
});
afterEach(() => tmp.cleanup());

const store = (emb = new HashEmbeddings(), logs = memoryLogger()) => ({ store: new IndexStore(indexDir, knowledge, emb, logs), emb, logs });

describe('IndexStore', () => {
  it('builds an artifact with a manifest and loads it back unchanged', async () => {
    const { store: s } = store();
    const built = await s.ensure();
    const manifest = JSON.parse(await readFile(join(built.dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ embedder: { id: 'hash-32', dims: 32 }, chunker: CHUNKER_VERSION, chunkCount: built.chunks.length });
    expect(Object.keys(manifest.files)).toContain('programmes/pe-oea.md');
    expect(manifest.files['faq.md'].hash).toMatch(/^[0-9a-f]{64}$/);
    const { store: s2, emb } = store();
    const loaded = await s2.ensure();
    expect(loaded.dir).toBe(built.dir);
    expect(emb.embedded).toBe(0);
    expect(loaded.chunks.map((c) => c.id)).toEqual(built.chunks.map((c) => c.id));
  });

  it('re-embeds only the files that changed', async () => {
    const first = store();
    const built = await first.store.ensure();
    await writeFile(join(knowledge, 'workshop-note.txt'), 'Source: x\n\nThe workshop drew 80 participants online.');
    const second = store();
    const rebuilt = await second.store.ensure();
    expect(rebuilt.dir).not.toBe(built.dir);
    expect(second.emb.embedded).toBe(1);
    expect(rebuilt.chunks.find((c) => c.file === 'workshop-note.txt')?.text).toContain('80 participants online');
  });

  it('never returns a deleted file again', async () => {
    await store().store.ensure();
    await rm(join(knowledge, 'programmes/pe-oea.md'));
    const s = store();
    const index = await s.store.ensure();
    expect(index.chunks.some((c) => c.file === 'programmes/pe-oea.md')).toBe(false);
    const retriever = new HybridRetriever(index.chunks, index.bm25, index.vectors, s.emb);
    const hits = await retriever.search('Peru freight forwarders SUNAT', { k: 20 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.chunk.file !== 'programmes/pe-oea.md')).toBe(true);
    expect(index.vectors.size).toBe(index.chunks.length);
  });

  it('skips malformed files with one log line naming each, and indexes the rest', async () => {
    await writeFile(join(knowledge, 'bad-front-matter.md'), '---\ntitle: [oops\n---\ntext');
    await writeFile(join(knowledge, 'no-sources.md'), '---\ntitle: No sources\n---\nSome text.');
    await writeFile(join(knowledge, 'broken.pdf'), 'this is not a pdf');
    await writeFile(join(knowledge, 'empty.txt'), '   \n');
    await writeFile(join(knowledge, 'guide.pdf'), minimalPdf(['Cargo security seals must meet ISO 17712.']));
    const { store: s, logs } = store();
    const index = await s.ensure();
    const skipped = logs.records.filter((r) => r.level === 'warn' && /skipping knowledge file/.test(r.msg));
    expect(skipped.map((r) => r.file).sort()).toEqual(['bad-front-matter.md', 'broken.pdf', 'empty.txt', 'no-sources.md']);
    expect(skipped.find((r) => r.file === 'no-sources.md')?.reason).toMatch(/sources/);
    expect(index.manifest.skipped).toHaveLength(4);
    expect(index.chunks.some((c) => c.file === 'guide.pdf' && c.text.includes('ISO 17712'))).toBe(true);
    // A skipped file that is unchanged does not force a rebuild.
    const again = store();
    expect((await again.store.ensure()).dir).toBe(index.dir);
  });

  it('rebuilds a corrupt index with a log line instead of serving it', async () => {
    const built = await store().store.ensure();
    await writeFile(join(built.dir, 'chunks.json'), '{ not json');
    const { store: s, logs } = store();
    const rebuilt = await s.ensure();
    expect(rebuilt.dir).not.toBe(built.dir);
    expect(logs.records.some((r) => r.code === 'INDEX_CORRUPT' && /rebuilding/.test(r.msg))).toBe(true);
  });

  it('rebuilds when the index was built by another embedder', async () => {
    await store(new HashEmbeddings('hash-a')).store.ensure();
    const { store: s, logs, emb } = store(new HashEmbeddings('hash-b'));
    const index = await s.ensure();
    expect(index.manifest.embedder.id).toBe('hash-b');
    expect(emb.embedded).toBe(index.chunks.length);
    expect(logs.records.some((r) => r.code === 'INDEX_MISMATCH')).toBe(true);
  });

  it('keeps one build folder and swaps CURRENT atomically', async () => {
    await store().store.ensure();
    await writeFile(join(knowledge, 'new.md'), '---\ntitle: New\nsources: [s]\n---\nNew text.');
    const index = await store().store.ensure();
    const entries = (await readdir(indexDir)).filter((e) => e.startsWith('build-'));
    expect(entries).toHaveLength(1);
    expect((await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim()).toBe(entries[0]);
    expect(index.dir.endsWith(entries[0] ?? '?')).toBe(true);
  });

  it('gives clear errors for an empty or missing knowledge folder', async () => {
    const empty = join(tmp.dir, 'empty');
    await mkdir(empty);
    await expect(new IndexStore(indexDir, empty, new HashEmbeddings(), memoryLogger()).ensure()).rejects.toMatchObject({ code: 'KNOWLEDGE_EMPTY' });
    await expect(new IndexStore(indexDir, join(tmp.dir, 'nope'), new HashEmbeddings(), memoryLogger()).ensure()).rejects.toMatchObject({ code: 'KNOWLEDGE_MISSING' });
  });

  it('filters by jurisdiction, topic and language', async () => {
    const s = store();
    const index = await s.store.ensure();
    const retriever = new HybridRetriever(index.chunks, index.bm25, index.vectors, s.emb);
    const hits = await retriever.search('AEO programme operators', { k: 10, filters: { jurisdictions: ['PE'] } });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.chunk.jurisdictions.includes('PE'))).toBe(true);
    const none = await retriever.search('AEO', { k: 10, filters: { languages: ['fr'] } });
    expect(none).toEqual([]);
  });
});

describe('country in focus', () => {
  it("brings the asked country's own pages into the top results", async () => {
    const s = store();
    const index = await s.store.ensure();
    const retriever = new HybridRetriever(index.chunks, index.bm25, index.vectors, s.emb);
    const hits = await retriever.search('Who runs the customs programme?', { k: 3, jurisdiction: 'CL' });
    expect(hits.slice(0, 3).some((h) => h.chunk.file === 'programmes/cl-oea.md')).toBe(true);
  });
});
