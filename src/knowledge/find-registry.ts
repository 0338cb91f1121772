import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/logger.js';
import type { LoadedIndex } from '../search/index-store.js';
import { isRegistryFile, parseRegistry, type MraRegistry } from './registry.js';

/** Loads the MRA registry the index accepted (a registry that failed validation was already skipped). */
export async function findRegistry(knowledgeDir: string, index: LoadedIndex, logger: Logger): Promise<MraRegistry | undefined> {
  const file = Object.keys(index.manifest.files).find(isRegistryFile);
  if (!file) return undefined;
  try {
    return parseRegistry(await readFile(join(knowledgeDir, file), 'utf8'), file);
  } catch (err) {
    logger.warn({ file, reason: (err as Error).message }, 'MRA registry changed and no longer validates');
    return undefined;
  }
}
