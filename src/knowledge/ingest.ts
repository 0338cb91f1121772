import { readFile } from 'node:fs/promises';
import { chunkDocument } from './chunker.js';
import { loadKnowledgeFile } from './loaders.js';
import { chunkRegistry, isRegistryFile, parseRegistry } from './registry.js';
import type { ScannedFile } from './scan.js';
import type { Chunk } from './types.js';

/** Turns one knowledge file into chunks; throws an Error whose message says why the file cannot be used. */
export async function ingestFile(file: ScannedFile): Promise<Chunk[]> {
  if (isRegistryFile(file.rel)) return chunkRegistry(parseRegistry(await readFile(file.abs, 'utf8'), file.rel));
  const chunks = chunkDocument(await loadKnowledgeFile(file.abs, file.rel));
  if (!chunks.length) throw new Error('no text content');
  return chunks;
}
