/**
 * What the chunks of a built index cost in memory when parsed: `full`, a plain JSON array with every chunk carrying
 * its file's metadata (chunks.json before the per-file layout), or `shared`, chunks.json as IndexStore stores and
 * loads it now (file metadata once per file, shared arrays after decoding).
 * Usage: tsx bench/chunks-memory-worker.ts full <chunks-array.json> | shared <chunks.json>
 * Prints one JSON line: heap retained after GC and peak RSS growth, in MB.
 */
import { readFile } from 'node:fs/promises';
import { decodeChunks } from '../src/search/chunk-codec.js';
import { peakRssMb, resetPeakRss, rssMb } from './lib/child.js';

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'full' && mode !== 'shared')) throw new Error('usage: chunks-memory-worker full|shared <file>');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const rss0 = await rssMb(process.pid);
resetPeakRss();
const heap0 = process.memoryUsage().heapUsed;
const text = await readFile(file, 'utf8');
const chunks = mode === 'full' ? (JSON.parse(text) as unknown[]) : decodeChunks(text);
gc();
const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
const peak = await peakRssMb(process.pid);
process.stdout.write(`${JSON.stringify({ chunks: chunks.length, heapMb, peakMb: peak - rss0 })}\n`);
