import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialize } from 'pg-protocol';
import { startPglite, type PgliteServer } from '../helpers/pglite-server.js';

let db: PgliteServer;
beforeAll(async () => {
  db = await startPglite({ textSearch: false });
});
afterAll(async () => {
  await db?.stop();
});

interface Queue { enqueue(handlerId: number, message: Uint8Array, onData: (d: Uint8Array) => void): Promise<number> }

describe('the PGlite test server', () => {
  it("runs each connection's statement whole, from Parse to Sync, whatever arrives from others in between", async () => {
    // Messages as the socket handlers queue them, one by one: a parameterised query of one connection whose Bind
    // arrives after another connection's simple query (its bytes came in two reads, as on a loaded machine). On one
    // PGlite session, the simple query run in between dropped the unnamed statement: "unnamed prepared statement does
    // not exist", the replica's retriever or term lookup failing while it polls its generation.
    const queue = (db.server as unknown as { queryQueue: Queue }).queryQueue;
    const out = new Map<number, string>();
    const send = (id: number, message: Buffer) => queue.enqueue(id, new Uint8Array(message), (d) => {
      out.set(id, (out.get(id) ?? '') + Buffer.from(d).toString('latin1'));
    });
    const [a, b] = [9001, 9002];
    await send(a, serialize.parse({ text: 'SELECT $1::int + 1 AS n', types: [] }));
    const other = send(b, serialize.query('SELECT 42 AS answer'));
    const rest = [send(a, serialize.bind({ values: ['41'] })), send(a, serialize.describe({ type: 'P' })),
      send(a, serialize.execute({})), send(a, serialize.sync())];
    await Promise.all([other, ...rest]);
    expect(out.get(a)).not.toContain('prepared statement');
    // The DataRow of "42": the statement ran with its own parameter, and so did the other connection's query.
    expect(out.get(a)).toContain('42');
    expect(out.get(b)).toContain('42');
  });
});
