import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { bigRegistry, longestHealthWait, pdfBomb, pdfWithContent } from '../helpers/hardening.js';
import { lzwRun, runLengthRun } from '../helpers/pdf-filters.js';

/**
 * The red team's ingestion attacks, through the real /admin/reindex path with /healthz polled throughout. Before,
 * each froze the process (45-366 s); builds now run in a worker thread and limits skip the offending file.
 * The bound is looser than the 100 ms target so a busy CI machine does not fail it; the closing note has figures.
 */
const TOKEN = 'admin-token-0123456789';
const STALL_MS = 500;
let svc: RunningService;

const reindex = async () => {
  const res = await fetch(`${svc.base}/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  return (await res.json()) as { ok: boolean; files?: number; error?: { code: string; message: string } };
};
const ask = async (question: string) => {
  const res = await fetch(`${svc.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  return { status: res.status, body: (await res.json()) as { declined: boolean; citations: { source: string }[] } };
};
const skippedLine = (file: string) => svc.logs.records.find((r) => r.file === file && /^skipping knowledge file/.test(r.msg));

/** Adds the files, reindexes under the probe, removes them again; returns the outcome and the longest wait. */
async function attack(files: Record<string, string | Buffer>) {
  for (const [name, content] of Object.entries(files)) await writeFile(join(svc.knowledgeDir, name), content);
  try {
    const { result, maxMs, probes } = await longestHealthWait(svc.base, reindex);
    expect(probes).toBeGreaterThan(0);
    return { outcome: result, maxMs };
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
  it('a heading padded with 4,000 spaces (Markdown and text) is indexed without stalling /healthz', async () => {
    const line = `## a${' '.repeat(4000)}b`;
    const { outcome, maxMs } = await attack({
      'padded.md': `# Padded\n\n${line}\n\nThe padded heading section mentions the Quokka customs pilot.\n`,
      'padded.txt': `${line}\n\nPlain text with the same heading line.\n`,
    });
    expect(outcome.ok).toBe(true);
    expect(maxMs).toBeLessThan(STALL_MS);
  });

  it('PDFs that decode to 200 MB (Flate, LZW, RunLength in Flate) are skipped, naming the file and the limit', async () => {
    const { outcome, maxMs } = await attack({
      'bomb.pdf': await pdfBomb(200),
      'lzw-bomb.pdf': pdfWithContent(lzwRun(0x20, 200 << 20), ['LZWDecode']),
      'chained-bomb.pdf': pdfWithContent(deflateSync(runLengthRun(0x20, 200 << 20)), ['FlateDecode', 'RunLengthDecode']),
    });
    expect(outcome.ok).toBe(true);
    expect(maxMs).toBeLessThan(STALL_MS);
    for (const file of ['bomb.pdf', 'lzw-bomb.pdf', 'chained-bomb.pdf']) expect(skippedLine(file)?.reason).toMatch(/MAX_PDF_INFLATED_BYTES/);
    expect((await ask('What is an AEO?')).body.declined).toBe(false);
  }, 60_000);

  it('a registry of 1,000,000 entries is skipped by size without being read; one of 6,000 by entry count', async () => {
    const { outcome, maxMs } = await attack({ 'mra/million.yaml': bigRegistry(1_000_000) });
    expect(outcome.ok).toBe(true);
    expect(maxMs).toBeLessThan(STALL_MS);
    expect(skippedLine('mra/million.yaml')?.reason).toMatch(/file size \(bytes\) \d+ is over the limit of 10485760 \(MAX_FILE_BYTES\)/);
    const counted = await attack({ 'mra/many.yaml': bigRegistry(6000) });
    expect(counted.outcome.ok).toBe(true);
    expect(counted.maxMs).toBeLessThan(STALL_MS);
    expect(skippedLine('mra/many.yaml')?.reason).toMatch(/registry entries 6000 is over the limit of 5000 \(MAX_REGISTRY_ENTRIES\)/);
    // The registry that was already there still answers.
    expect(svc.engine.knowledgeBase?.registry?.file).toBe('mra/registry.yaml');
  }, 120_000);

  it('a 50 MB Markdown file is skipped by size; a 5 MB one is indexed, without stalling /healthz either time', async () => {
    const para = 'Authorised economic operators keep records of their customs declarations for audits. '.repeat(12);
    const body = (mb: number) => `# Big\n\n${Array.from({ length: Math.ceil((mb * 1e6) / (para.length + 2)) }, () => para).join('\n\n')}\n`;
    const big = await attack({ 'big.md': body(50) });
    expect(big.outcome.ok).toBe(true);
    expect(big.maxMs).toBeLessThan(STALL_MS);
    expect(skippedLine('big.md')?.reason).toMatch(/MAX_FILE_BYTES/);
    const fits = await attack({ 'fits.md': body(5) });
    expect(fits.outcome.ok).toBe(true);
    expect(fits.maxMs).toBeLessThan(STALL_MS);
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
});
