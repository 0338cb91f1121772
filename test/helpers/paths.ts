import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = join(REPO, '.aeo-cache');
export const FIXTURE_KNOWLEDGE = join(REPO, 'test/fixtures/knowledge');
export const BIN = join(REPO, 'bin/aeo-bot');
