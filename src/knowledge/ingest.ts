import { readFile, stat } from 'node:fs/promises';
import { chunkDocument } from './chunker.js';
import { DEFAULT_INGEST_LIMITS, LimitExceeded, type IngestLimits } from './ingest-limits.js';
import { loadKnowledgeFile } from './loaders.js';
import { chunkRegistry, isRegistryFile, parseRegistry, type MraRegistry } from './registry.js';
import type { ScannedFile } from './scan.js';
import type { Chunk, DocMeta } from './types.js';

export interface IngestedFile { chunks: Chunk[]; meta: DocMeta; registry?: MraRegistry }

/** Turns one knowledge file into chunks and its metadata; throws an Error saying why the file cannot be used. */
export async function ingestFile(file: ScannedFile, limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<IngestedFile> {
  const { size } = await stat(file.abs);
  if (size > limits.maxFileBytes) throw new LimitExceeded('file size (bytes)', size, limits.maxFileBytes, 'MAX_FILE_BYTES');
  const out = await readChunks(file, limits);
  if (out.chunks.length > limits.maxFileChunks) {
    throw new LimitExceeded('chunks', out.chunks.length, limits.maxFileChunks, 'MAX_FILE_CHUNKS');
  }
  return out;
}

async function readChunks(file: ScannedFile, limits: IngestLimits): Promise<IngestedFile> {
  if (isRegistryFile(file.rel)) {
    const registry = parseRegistry(await readFile(file.abs, 'utf8'), file.rel, limits.maxRegistryEntries);
    const meta: DocMeta = {
      title: registry.title, sources: registry.sources, jurisdictions: [], topics: ['mra'], language: 'en',
      updated: registry.asOf, kind: 'registry',
    };
    return { chunks: chunkRegistry(registry), meta, registry };
  }
  const doc = await loadKnowledgeFile(file.abs, file.rel, limits);
  const chunks = chunkDocument(doc);
  if (!chunks.length) throw new Error('no text content');
  return { chunks, meta: doc.meta };
}
