import { loadConfig } from '../../src/config/load-config.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { createServices, type Services } from '../../src/main.js';
import { join } from 'node:path';
import { CACHE_DIR, REPO } from './paths.js';
import { copyFixtureKnowledge, tempDir } from './tmp.js';

/** Real services (real embeddings, real index) over a private copy of the fixture corpus. */
export async function fixtureServices(env: Record<string, string> = {}): Promise<Services & { knowledgeDir: string; logs: ReturnType<typeof memoryLogger>; cleanup: () => Promise<void> }> {
  const tmp = await tempDir();
  const knowledgeDir = await copyFixtureKnowledge(tmp.dir);
  const logs = memoryLogger();
  // The question log goes to the test's folder, never to the project's data/.
  const config = loadConfig({
    KNOWLEDGE_DIR: knowledgeDir, INDEX_DIR: `${tmp.dir}/index`, CACHE_DIR, PORT: '0', HOST: '127.0.0.1',
    QUESTION_LOG_FILE: `${tmp.dir}/question-log.jsonl`, ...env,
  });
  const services = await createServices(config, logs);
  return { ...services, knowledgeDir, logs, cleanup: tmp.cleanup };
}

/** Real services over the shipped knowledge/ folder (read only; the index goes to a temporary folder). */
export async function shippedServices(): Promise<Services & { cleanup: () => Promise<void> }> {
  const tmp = await tempDir();
  const config = loadConfig({
    KNOWLEDGE_DIR: join(REPO, 'knowledge'), INDEX_DIR: `${tmp.dir}/index`, CACHE_DIR, PORT: '0', HOST: '127.0.0.1',
    QUESTION_LOG_FILE: `${tmp.dir}/question-log.jsonl`,
  });
  const services = await createServices(config, memoryLogger());
  return { ...services, cleanup: tmp.cleanup };
}
