import { join } from 'node:path';
import { startHttpServer, type HttpServer } from '../../src/channels/http/server.js';
import { readWebPage } from '../../src/channels/http/web-page.js';
import { REPO } from './paths.js';
import { createChannels } from '../../src/main.js';
import { fixtureServices } from './services.js';

export type RunningService = Awaited<ReturnType<typeof fixtureServices>> & { server: HttpServer; base: string; close: () => Promise<void> };

/** The real HTTP service on a loopback port over the fixture corpus; `ready` waits for the index. */
export async function startFixtureService(opts: { ready?: boolean; env?: Record<string, string>; channels?: boolean } = {}): Promise<RunningService> {
  const services = await fixtureServices(opts.env);
  const channels = opts.channels ? await createChannels(services) : [];
  const server = await startHttpServer(services, await readWebPage(join(REPO, 'public')), channels);
  if (opts.ready !== false) await server.ready();
  return {
    ...services,
    server,
    base: `http://127.0.0.1:${server.port}`,
    close: async () => {
      await server.stop();
      await services.close();
      await services.cleanup();
    },
  };
}
