import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { createServices, type Services } from '../../src/main.js';
import { CACHE_DIR, REPO } from './paths.js';
import { tempDir } from './tmp.js';

export type TestServices = Services & { logs: ReturnType<typeof memoryLogger>; cleanup: () => Promise<void> };

/** Real services on INDEX_BACKEND=postgres against `databaseUrl`, reading `knowledgeDir` (the shipped one by default). */
export async function postgresServices(databaseUrl: string, env: Record<string, string> = {}): Promise<TestServices> {
  const tmp = await tempDir();
  const logs = memoryLogger();
  const config = loadConfig({
    KNOWLEDGE_DIR: join(REPO, 'knowledge'), INDEX_DIR: `${tmp.dir}/index`, CACHE_DIR, PORT: '0', HOST: '127.0.0.1',
    INDEX_BACKEND: 'postgres', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env,
  });
  const services = await createServices(config, logs);
  return { ...services, logs, cleanup: async () => { await services.close(); await tmp.cleanup(); } };
}
