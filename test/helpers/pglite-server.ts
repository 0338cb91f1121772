import { PGlite } from '@electric-sql/pglite';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { AddressInfo } from 'node:net';

/** What serialiseStatements reads of the socket server's internal queue (pglite-socket 0.2). */
interface QueuedMessage { handlerId: number; message: Uint8Array; resolve(n: number): void; reject(err: unknown): void; onData(d: Uint8Array): void }
interface MessageQueue {
  queue: QueuedMessage[]; processing: boolean; lastHandlerId: number | null; db: PGlite;
  processQueue(): Promise<void>; clearQueueForHandler(id: number): void;
}

/** Extended-protocol messages a Sync closes: Parse, Bind, Describe, Execute, Close, Flush. */
const IN_STATEMENT = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/**
 * PGlite is one session, and the socket server queues its clients' messages one by one: outside a transaction a
 * Parse, Bind, Execute ... Sync of one connection could be interleaved with another connection's messages. Another
 * connection's simple query then drops the unnamed statement in between ("unnamed prepared statement does not
 * exist", a retriever query failing while the replica polls its generation), or its Parse replaces it (the Bind
 * runs the other statement). Each connection's statement now runs whole, from its first message to its Sync, as
 * on a real server where every connection is its own session.
 */
function serialiseStatements(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue: MessageQueue }).queryQueue;
  // The connection whose statement is open (Parse ... before its Sync), which alone runs until it closes it.
  let open: number | null = null;
  q.processQueue = async function processQueue(this: MessageQueue): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length) {
        const owner = open ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const at = owner === null ? 0 : this.queue.findIndex((m) => m.handlerId === owner);
        // The owner's next message has not arrived: the others wait (enqueue calls this again).
        if (at < 0) break;
        const m = this.queue.splice(at, 1)[0]!;
        let bytes = 0;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(m.message, { onRawData: (d) => { bytes += d.length; m.onData(d); } }));
        } catch (err) {
          open = null;
          m.reject(err);
          continue;
        }
        open = IN_STATEMENT.has(m.message[0]!) ? m.handlerId : null;
        this.lastHandlerId = m.handlerId;
        m.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (id: number) => {
    clear(id);
    // A connection gone in the middle of a statement releases the others.
    if (open === id) {
      open = null;
      void q.processQueue();
    }
  };
}

export interface PgliteServer { url: string; db: PGlite; server: PGLiteSocketServer; stop(): Promise<void> }

/**
 * An in-memory PostgreSQL (PGlite, with pgvector and pg_textsearch) behind a loopback socket, so the service
 * talks to it through the real `pg` driver and wire protocol. PGlite is one backend: the socket server runs one
 * client's transaction at a time, others wait (readers during an index update see it only once committed).
 */
export async function startPglite(opts: { textSearch?: boolean; dataDir?: string } = {}): Promise<PgliteServer> {
  const db = await PGlite.create({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), extensions: { vector, ...(opts.textSearch === false ? {} : { pg_textsearch }) } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
  serialiseStatements(server);
  await server.start();
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    db,
    server,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
