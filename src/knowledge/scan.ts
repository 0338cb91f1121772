import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep, extname } from 'node:path';
import { AppError } from '../errors.js';
import { SUPPORTED_EXTENSIONS } from './loaders.js';
import { isRegistryFile } from './registry.js';

export interface ScannedFile { rel: string; abs: string; hash: string }

/** Every ingestible file under the knowledge folder, with a content hash, in a stable order. */
export async function scanKnowledge(dir: string, maxFileBytes = Infinity): Promise<ScannedFile[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new AppError('KNOWLEDGE_MISSING', `Knowledge folder "${dir}" does not exist or is not a folder. Set KNOWLEDGE_DIR or create it.`, { dir });
  }
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: ScannedFile[] = [];
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    const abs = join(e.parentPath, e.name);
    const rel = relative(dir, abs).split(sep).join('/');
    const ext = extname(rel).toLowerCase();
    if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext) && !isRegistryFile(rel)) continue;
    // A file over the size limit is never read: its size and time stand for its content (it is skipped anyway).
    const info = await stat(abs);
    const hash = info.size > maxFileBytes
      ? `oversize:${info.size}:${info.mtimeMs}`
      : createHash('sha256').update(await readFile(abs)).digest('hex');
    files.push({ rel, abs, hash });
  }
  if (!files.length) {
    throw new AppError('KNOWLEDGE_EMPTY', `Knowledge folder "${dir}" has no Markdown, text, HTML or PDF files to index.`, { dir });
  }
  return files.sort((a, b) => a.rel.localeCompare(b.rel));
}
