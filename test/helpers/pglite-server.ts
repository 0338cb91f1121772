import { PGlite } from '@electric-sql/pglite';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { AddressInfo } from 'node:net';

export interface PgliteServer { url: string; db: PGlite; stop(): Promise<void> }

/**
 * An in-memory PostgreSQL (PGlite, with pgvector and pg_textsearch) behind a loopback socket, so the service
 * talks to it through the real `pg` driver and wire protocol. PGlite is one backend: the socket server runs one
 * client's transaction at a time, others wait (readers during an index update see it only once committed).
 */
export async function startPglite(opts: { textSearch?: boolean; dataDir?: string } = {}): Promise<PgliteServer> {
  const db = await PGlite.create({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), extensions: { vector, ...(opts.textSearch === false ? {} : { pg_textsearch }) } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
  await server.start();
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    db,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
