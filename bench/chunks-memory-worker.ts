/**
 * What the chunks of a built index cost in memory when parsed as IndexStore.load does (`full`: chunks.json as
 * stored, every chunk carrying its file's `sources` list), and when the lists are stored once per file and shared
 * after parsing (`shared`: a chunks file without `sources` plus a per-file sources file, prepared by the caller).
 * Usage: tsx bench/chunks-memory-worker.ts full <chunks.json> | shared <chunks-without-sources.json> <sources-by-file.json>
 * Prints one JSON line: heap retained after GC and peak RSS growth, in MB.
 */
import { readFile } from 'node:fs/promises';
import { peakRssMb, resetPeakRss, rssMb } from './lib/child.js';

const [mode, file, sourcesFile] = process.argv.slice(2);
if (!file || (mode !== 'full' && !(mode === 'shared' && sourcesFile))) throw new Error('usage: chunks-memory-worker full <chunks.json> | shared <chunks.json> <sources.json>');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const rss0 = await rssMb(process.pid);
resetPeakRss();
const heap0 = process.memoryUsage().heapUsed;
let chunks = JSON.parse(await readFile(file, 'utf8')) as { file: string; sources?: string[] }[];
if (mode === 'shared') {
  const byFile = JSON.parse(await readFile(sourcesFile!, 'utf8')) as Record<string, string[]>;
  chunks = chunks.map((c) => ({ ...c, sources: byFile[c.file] ?? [] }));
}
gc();
const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
const peak = await peakRssMb(process.pid);
process.stdout.write(`${JSON.stringify({ chunks: chunks.length, heapMb, peakMb: peak - rss0 })}\n`);
