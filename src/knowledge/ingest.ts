import { readFile } from 'node:fs/promises';
import { chunkDocument } from './chunker.js';
import { loadKnowledgeFile } from './loaders.js';
import { chunkRegistry, isRegistryFile, parseRegistry } from './registry.js';
import type { ScannedFile } from './scan.js';
import type { Chunk, DocMeta } from './types.js';

export interface IngestedFile { chunks: Chunk[]; meta: DocMeta }

/** Turns one knowledge file into chunks and its metadata; throws an Error saying why the file cannot be used. */
export async function ingestFile(file: ScannedFile): Promise<IngestedFile> {
  if (isRegistryFile(file.rel)) {
    const reg = parseRegistry(await readFile(file.abs, 'utf8'), file.rel);
    const meta: DocMeta = { title: reg.title, sources: reg.sources, jurisdictions: [], topics: ['mra'], language: 'en', updated: reg.asOf, kind: 'registry' };
    return { chunks: chunkRegistry(reg), meta };
  }
  const doc = await loadKnowledgeFile(file.abs, file.rel);
  const chunks = chunkDocument(doc);
  if (!chunks.length) throw new Error('no text content');
  return { chunks, meta: doc.meta };
}
