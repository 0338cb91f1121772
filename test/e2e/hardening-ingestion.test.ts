import { appendFile, cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { NameTable } from '../../src/understanding/name-table.js';
import { bigRegistry, longestBlocks, longestHealthWait, pdfBomb, pdfWithContent } from '../helpers/hardening.js';
import { minimalPdf } from '../helpers/pdf.js';
import { lzwRun, runLengthRun } from '../helpers/pdf-filters.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The red team's ingestion attacks, through the real /admin/reindex path with /healthz polled throughout. Before,
 * each froze the process (45-366 s) and a normal one-file reindex stalled it 0.5-1.7 s; builds now run in a worker
 * thread, limits skip the offending file, and the finished build is loaded in slices. Bounded: the answering
 * thread's own longest block (its CPU time between two turns of a 1 ms timer) under 100 ms (measured 9-72 ms, mostly
 * garbage collection, at a load average of 9-11 on 2 cores), and every /healthz wait under 1.5 s: on a machine others
 * keep busy a wait also holds the time the thread was off the CPU (74-400 ms seen), which the service cannot
 * prevent; the freezes before were 45-366 s.
 */
const TOKEN = 'admin-token-0123456789';
const STALL_MS = 100;
const HEALTH_WAIT_MS = 1500;
let svc: RunningService;

const reindex = async () => {
  const res = await fetch(`${svc.base}/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  return (await res.json()) as { ok: boolean; files?: number; error?: { code: string; message: string } };
};
const ask = async (question: string, base = svc.base) => {
  const headers = { 'content-type': 'application/json' };
  const res = await fetch(`${base}/api/ask`, { method: 'POST', headers, body: JSON.stringify({ question }) });
  return { status: res.status, body: (await res.json()) as { declined: boolean; citations: { source: string }[] } };
};
const skippedLine = (file: string) => svc.logs.records.find((r) => r.file === file && /^skipping knowledge file/.test(r.msg));

/**
 * Runs `work` with /healthz polled and the answering thread's blocks recorded, and checks both bounds. A block over
 * the bound is measured once more (the work run again): a synchronous step of the service's shows in both runs, a
 * garbage collection that other processes' load drew out (up to ~70 ms seen at load average 11) seldom twice.
 */
async function unstalled<T>(base: string, work: () => Promise<T>, what = ''): Promise<T> {
  let figures = '';
  let best = Infinity;
  let outcome: T | undefined;
  for (let run = 0; run < 2 && best >= STALL_MS; run++) {
    const { result: probed, longest, byWall } = await longestBlocks(() => longestHealthWait(base, work));
    expect(probed.probes).toBeGreaterThan(0);
    figures = `${what} longest block ${longest.cpuMs.toFixed(0)} ms CPU (${longest.wallMs.toFixed(0)} ms wall), `
      + `longest gap ${byWall.wallMs.toFixed(0)} ms wall, /healthz worst ${probed.maxMs.toFixed(0)} ms`;
    expect(probed.maxMs, figures).toBeLessThan(HEALTH_WAIT_MS);
    best = Math.min(best, longest.cpuMs);
    outcome ??= probed.result;
  }
  expect(best, figures).toBeLessThan(STALL_MS);
  return outcome as T;
}

/** Adds the files, reindexes under the probes, removes them again; returns the outcome. */
async function attack(files: Record<string, string | Buffer>) {
  for (const [name, content] of Object.entries(files)) await writeFile(join(svc.knowledgeDir, name), content);
  try {
    return { outcome: await unstalled(svc.base, reindex, Object.keys(files).join(', ')) };
  } finally {
    for (const name of Object.keys(files)) await rm(join(svc.knowledgeDir, name), { force: true });
  }
}

beforeAll(async () => {
  svc = await startFixtureService({ env: { ADMIN_TOKEN: TOKEN } });
  // Start-up work scheduled after ready (warm-up, metrics) is not what is measured.
  await svc.engine.warmUp();
  await svc.loadMetrics?.();
  await ask('What is an AEO?');
}, 120_000);
afterAll(() => svc?.close());

describe('ingestion attacks through /admin/reindex', () => {
  it('a heading padded with 3,000 and 4,000 spaces (Markdown, text, PDF) is indexed without stalling /healthz', async () => {
    const line = (n: number) => `## a${' '.repeat(n)}b`;
    const { outcome } = await attack({
      'padded.md': `# Padded\n\n${line(3000)}\n\nThe padded heading section mentions the Quokka customs pilot.\n`,
      'padded.txt': `${line(4000)}\n\nPlain text with the same heading line.\n`,
      // pdf.js does not give the run back (this page reads as '## a'), so a PDF cannot bring it to the chunker.
      'padded.pdf': minimalPdf([line(4000), 'PDF text after the same heading line.']),
    });
    expect(outcome.ok).toBe(true);
    for (const file of ['padded.md', 'padded.txt', 'padded.pdf']) expect(skippedLine(file), file).toBeUndefined();
  });

  it('PDFs that decode to 200 MB (Flate, LZW, RunLength in Flate) are skipped, naming the file and the limit', async () => {
    const { outcome } = await attack({
      'bomb.pdf': await pdfBomb(200),
      'lzw-bomb.pdf': pdfWithContent(lzwRun(0x20, 200 << 20), ['LZWDecode']),
      'chained-bomb.pdf': pdfWithContent(deflateSync(runLengthRun(0x20, 200 << 20)), ['FlateDecode', 'RunLengthDecode']),
    });
    expect(outcome.ok).toBe(true);
    for (const file of ['bomb.pdf', 'lzw-bomb.pdf', 'chained-bomb.pdf']) expect(skippedLine(file)?.reason).toMatch(/MAX_PDF_INFLATED_BYTES/);
    expect((await ask('What is an AEO?')).body.declined).toBe(false);
  }, 60_000);

  it('a registry of 1,000,000 entries is skipped by size without being read; one of 6,000 by entry count', async () => {
    const { outcome } = await attack({ 'mra/million.yaml': bigRegistry(1_000_000) });
    expect(outcome.ok).toBe(true);
    expect(skippedLine('mra/million.yaml')?.reason).toMatch(/file size \(bytes\) \d+ is over the limit of 10485760 \(MAX_FILE_BYTES\)/);
    const counted = await attack({ 'mra/many.yaml': bigRegistry(6000) });
    expect(counted.outcome.ok).toBe(true);
    expect(skippedLine('mra/many.yaml')?.reason).toMatch(/registry entries 6000 is over the limit of 5000 \(MAX_REGISTRY_ENTRIES\)/);
    // The registry that was already there still answers.
    expect(svc.engine.knowledgeBase?.registry?.file).toBe('mra/registry.yaml');
  }, 120_000);

  it('a 50 MB Markdown file is skipped by size; a 5 MB one is indexed, without stalling /healthz either time', async () => {
    const para = 'Authorised economic operators keep records of their customs declarations for audits. '.repeat(12);
    const body = (mb: number) => `# Big\n\n${Array.from({ length: Math.ceil((mb * 1e6) / (para.length + 2)) }, () => para).join('\n\n')}\n`;
    const big = await attack({ 'big.md': body(50) });
    expect(big.outcome.ok).toBe(true);
    expect(skippedLine('big.md')?.reason).toMatch(/MAX_FILE_BYTES/);
    const fits = await attack({ 'fits.md': body(5) });
    expect(fits.outcome.ok).toBe(true);
    expect(skippedLine('fits.md')).toBeUndefined();
  }, 120_000);

  it('unterminated front matter and impossible dates skip the file with a message; the rest is indexed', async () => {
    const { outcome } = await attack({
      'open.md': '---\ntitle: Never closed\nsources: [x]\n\n# Body\n\nText.\n',
      'date.md': '---\ntitle: Bad date\nsources: [x]\nupdated: 2026-13-45\n---\n\n# Body\n\nText.\n',
    });
    expect(outcome.ok).toBe(true);
    expect(skippedLine('open.md')?.reason).toMatch(/front matter opened on line 1 is never closed/);
    expect(skippedLine('date.md')?.reason).toMatch(/updated: expected a real calendar date/);
  });

  it('a normal one-file reindex does not stall /healthz, on the fixture corpus and on the shipped knowledge', async () => {
    const edit = (dir: string) => appendFile(join(dir, 'glossary.md'), '\nOne more sentence about authorised operators.\n');
    await edit(svc.knowledgeDir);
    expect((await unstalled(svc.base, reindex, 'fixture corpus')).ok).toBe(true);
    const tmp = await tempDir();
    const knowledge = join(tmp.dir, 'knowledge');
    await cp(join(REPO, 'knowledge'), knowledge, { recursive: true });
    const shipped = await startFixtureService({ env: { ADMIN_TOKEN: TOKEN, KNOWLEDGE_DIR: knowledge } });
    try {
      await shipped.engine.warmUp();
      await edit(knowledge);
      const result = await unstalled(shipped.base, async () => {
        const res = await fetch(`${shipped.base}/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
        return (await res.json()) as { ok: boolean; chunks: number };
      }, 'shipped knowledge');
      expect(result.ok).toBe(true);
      expect(result.chunks).toBeGreaterThan(900);
      // The new index's name tables were built in slices before the swap: the first question builds none.
      const built = vi.spyOn(NameTable, 'build');
      try {
        expect((await ask('Does SUNAT run an AEO programme?', shipped.base)).status).toBe(200);
        expect(built).not.toHaveBeenCalled();
      } finally {
        built.mockRestore();
      }
    } finally {
      await shipped.close();
      await tmp.cleanup();
    }
  }, 120_000);
});
