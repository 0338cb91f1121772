import { appendFile, cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { bigRegistry, longestHealthWait, pdfBomb, pdfWithContent } from '../helpers/hardening.js';
import { lzwRun, runLengthRun } from '../helpers/pdf-filters.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The red team's ingestion attacks, through the real /admin/reindex path with /healthz polled throughout. Before,
 * each froze the process (45-366 s) and a normal one-file reindex stalled it 0.5-1.7 s; builds now run in a worker
 * thread, limits skip the offending file, and the finished build is loaded in slices. No /healthz wait may pass
 * 100 ms (measured 4-12 ms on a loaded 2-core machine).
 */
const TOKEN = 'admin-token-0123456789';
const STALL_MS = 100;
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
  it('a heading padded with 3,000 and 4,000 spaces (Markdown and text) is indexed without stalling /healthz', async () => {
    const line = (n: number) => `## a${' '.repeat(n)}b`;
    const { outcome, maxMs } = await attack({
      'padded.md': `# Padded\n\n${line(3000)}\n\nThe padded heading section mentions the Quokka customs pilot.\n`,
      'padded.txt': `${line(4000)}\n\nPlain text with the same heading line.\n`,
    });
    expect(outcome.ok).toBe(true);
    expect(maxMs, 'longest /healthz wait (ms)').toBeLessThan(STALL_MS);
  });

  it('PDFs that decode to 200 MB (Flate, LZW, RunLength in Flate) are skipped, naming the file and the limit', async () => {
    const { outcome, maxMs } = await attack({
      'bomb.pdf': await pdfBomb(200),
      'lzw-bomb.pdf': pdfWithContent(lzwRun(0x20, 200 << 20), ['LZWDecode']),
      'chained-bomb.pdf': pdfWithContent(deflateSync(runLengthRun(0x20, 200 << 20)), ['FlateDecode', 'RunLengthDecode']),
    });
    expect(outcome.ok).toBe(true);
    expect(maxMs, 'longest /healthz wait (ms)').toBeLessThan(STALL_MS);
    for (const file of ['bomb.pdf', 'lzw-bomb.pdf', 'chained-bomb.pdf']) expect(skippedLine(file)?.reason).toMatch(/MAX_PDF_INFLATED_BYTES/);
    expect((await ask('What is an AEO?')).body.declined).toBe(false);
  }, 60_000);

  it('a registry of 1,000,000 entries is skipped by size without being read; one of 6,000 by entry count', async () => {
    const { outcome, maxMs } = await attack({ 'mra/million.yaml': bigRegistry(1_000_000) });
    expect(outcome.ok).toBe(true);
    expect(maxMs, 'longest /healthz wait (ms)').toBeLessThan(STALL_MS);
    expect(skippedLine('mra/million.yaml')?.reason).toMatch(/file size \(bytes\) \d+ is over the limit of 10485760 \(MAX_FILE_BYTES\)/);
    const counted = await attack({ 'mra/many.yaml': bigRegistry(6000) });
    expect(counted.outcome.ok).toBe(true);
    expect(counted.maxMs, 'longest /healthz wait (ms)').toBeLessThan(STALL_MS);
    expect(skippedLine('mra/many.yaml')?.reason).toMatch(/registry entries 6000 is over the limit of 5000 \(MAX_REGISTRY_ENTRIES\)/);
    // The registry that was already there still answers.
    expect(svc.engine.knowledgeBase?.registry?.file).toBe('mra/registry.yaml');
  }, 120_000);

  it('a 50 MB Markdown file is skipped by size; a 5 MB one is indexed, without stalling /healthz either time', async () => {
    const para = 'Authorised economic operators keep records of their customs declarations for audits. '.repeat(12);
    const body = (mb: number) => `# Big\n\n${Array.from({ length: Math.ceil((mb * 1e6) / (para.length + 2)) }, () => para).join('\n\n')}\n`;
    const big = await attack({ 'big.md': body(50) });
    expect(big.outcome.ok).toBe(true);
    expect(big.maxMs, 'longest /healthz wait (ms)').toBeLessThan(STALL_MS);
    expect(skippedLine('big.md')?.reason).toMatch(/MAX_FILE_BYTES/);
    const fits = await attack({ 'fits.md': body(5) });
    expect(fits.outcome.ok).toBe(true);
    expect(fits.maxMs, 'longest /healthz wait (ms)').toBeLessThan(STALL_MS);
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
    const fixture = await longestHealthWait(svc.base, reindex);
    expect(fixture.result.ok).toBe(true);
    expect(fixture.maxMs, 'longest /healthz wait (ms), fixture corpus').toBeLessThan(STALL_MS);
    const tmp = await tempDir();
    const knowledge = join(tmp.dir, 'knowledge');
    await cp(join(REPO, 'knowledge'), knowledge, { recursive: true });
    const shipped = await startFixtureService({ env: { ADMIN_TOKEN: TOKEN, KNOWLEDGE_DIR: knowledge } });
    try {
      await shipped.engine.warmUp();
      await edit(knowledge);
      const { result, maxMs } = await longestHealthWait(shipped.base, async () => {
        const res = await fetch(`${shipped.base}/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
        return (await res.json()) as { ok: boolean; chunks: number };
      });
      expect(result.ok).toBe(true);
      expect(result.chunks).toBeGreaterThan(900);
      expect(maxMs, 'longest /healthz wait (ms), shipped knowledge').toBeLessThan(STALL_MS);
    } finally {
      await shipped.close();
      await tmp.cleanup();
    }
  }, 120_000);
});
