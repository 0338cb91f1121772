import { readFile } from 'node:fs/promises';
import { loadConfig } from '../../src/config/load-config.js';
import { createServices, type Services } from '../../src/main.js';
import { silentLogger } from '../../src/logging/logger.js';
import { parseEvalFile, type EvalItem } from '../../src/eval/run-eval.js';
import { CACHE_DIR, DEV_SET } from './paths.js';

/** The service's own composition root, in process, over a knowledge folder and an index folder of our choice. */
export async function benchServices(knowledgeDir: string, indexDir: string, env: Record<string, string> = {}): Promise<Services> {
  const config = loadConfig({ KNOWLEDGE_DIR: knowledgeDir, INDEX_DIR: indexDir, CACHE_DIR, LOG_LEVEL: 'silent', ...env });
  return createServices(config, silentLogger());
}

export async function readDevSet(): Promise<EvalItem[]> {
  return parseEvalFile(await readFile(DEV_SET, 'utf8'));
}
