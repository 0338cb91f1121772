import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEV_SET = resolve(REPO, '../shared/eval/dev.jsonl');
export const KNOWLEDGE = join(REPO, 'knowledge');
export const CACHE_DIR = join(REPO, '.aeo-cache');
/** tsx's loader, as bin/aeo-bot uses it: children run TypeScript without a build. */
export const TSX_LOADER = join(REPO, 'node_modules/tsx/dist/esm/index.mjs');
export const BUNDLE = join(REPO, 'dist/main.mjs');
export const BIN_MAIN = join(REPO, 'src/main.ts');
