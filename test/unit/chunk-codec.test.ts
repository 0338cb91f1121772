import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/knowledge/ingest.js';
import { scanKnowledge } from '../../src/knowledge/scan.js';
import { decodeChunks, decodeChunksInSlices, encodeChunks } from '../../src/search/chunk-codec.js';
import { REPO } from '../helpers/paths.js';

describe('chunks.json with file metadata once per file', () => {
  it('decodes the real knowledge to chunks equal to the built ones, key order included, in a much smaller file', async () => {
    const files = await scanKnowledge(join(REPO, 'knowledge'));
    const chunks = (await Promise.all(files.map(async (f) => (await ingestFile(f)).chunks))).flat();
    const encoded = encodeChunks(chunks);
    const decoded = decodeChunks(encoded);
    // As chunks.json held them before: a JSON round trip (undefined fields dropped).
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(chunks));
    expect(encoded.length).toBeLessThan(JSON.stringify(chunks).length * 0.8);
    const stored = JSON.parse(encoded) as { chunks: Record<string, unknown>[] };
    expect(stored.chunks.filter((c) => 'sources' in c).length).toBeLessThan(chunks.length / 4);
    // Chunks of one file share one array, as the chunker built them.
    const byFile = decoded.filter((c) => c.file === decoded[0]!.file);
    expect(byFile.length).toBeGreaterThan(1);
    expect(byFile.every((c) => c.sources === byFile[0]!.sources)).toBe(true);
  });

  it('keeps per chunk what differs between the chunks of a file', () => {
    const base = { file: 'mra/registry.yaml', title: 'Registry', headings: [], text: 't', lineStart: 1, lineEnd: 1, language: 'en', topics: ['mra'], kind: 'registry' as const, sources: ['s'] };
    const chunks = [
      { ...base, id: 'a', jurisdictions: ['EU', 'JP'], updated: '2025-01-01' },
      { ...base, id: 'b', jurisdictions: ['US', 'KR'] },
    ];
    const decoded = decodeChunks(encodeChunks(chunks));
    expect(decoded).toEqual(chunks);
    expect('updated' in decoded[1]!).toBe(false);
    expect(() => decodeChunks(JSON.stringify(chunks))).toThrow(/unknown layout/);
  });

  it('decodes in slices with a pause between them to the same chunks; the single-line layout in one go', async () => {
    const files = await scanKnowledge(join(REPO, 'knowledge'));
    const chunks = (await Promise.all(files.map(async (f) => (await ingestFile(f)).chunks))).flat();
    const encoded = encodeChunks(chunks);
    let pauses = 0;
    const pause = async () => { pauses++; };
    const sliced = await decodeChunksInSlices(Buffer.from(encoded), pause, 0);
    expect(JSON.stringify(sliced)).toBe(JSON.stringify(decodeChunks(encoded)));
    expect(pauses).toBeGreaterThanOrEqual(chunks.length - 1);
    // An index written before chunks were one a line still loads.
    const oneLine = JSON.stringify(JSON.parse(encoded));
    expect(oneLine).not.toContain('\n');
    expect(JSON.stringify(await decodeChunksInSlices(Buffer.from(oneLine), pause, 0))).toBe(JSON.stringify(sliced));
    expect(await decodeChunksInSlices(Buffer.from(encodeChunks([])), pause)).toEqual([]);
    await expect(decodeChunksInSlices(Buffer.from(encoded.slice(0, encoded.lastIndexOf('\n'))), pause)).rejects.toThrow(/truncated/);
  });
});
