import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { apiGuard } from '../../src/channels/http/api-guard.js';
import { asAppError } from '../../src/errors.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { FlexibleRequestLimiter } from '../../src/state/request-limiter.js';

/**
 * The guard with an answer that finishes at once (as a question answered from a small index does): requests that
 * reach the service together must see each other in flight, however fast each answer is.
 */
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function guarded(maxPerClient: number, maxInFlight: number): Promise<number> {
  const app = express();
  const limiter = FlexibleRequestLimiter.memory({ points: 1000, durationSec: 60, keyPrefix: 't' });
  app.post('/ask', apiGuard(limiter, { maxPerClient, maxInFlight }, memoryLogger()), (_req, res) => void res.json({ ok: true }));
  app.get('/warm', (_req, res) => void res.end());
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = asAppError(err);
    res.status(e.httpStatus).json({ error: { code: e.code } });
  });
  server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Sends `request` on `s` and resolves with the response status (the response has no body or a small one). */
function send(s: Socket, request: string): Promise<number> {
  return new Promise<number>((resolve) => {
    let data = '';
    const onData = (d: Buffer) => {
      data += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      const length = Number(/content-length: (\d+)/i.exec(data)?.[1] ?? 0);
      const head = data.indexOf('\r\n\r\n');
      if (m && head >= 0 && data.length >= head + 4 + length) {
        s.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    s.on('data', onData);
    s.write(request);
  });
}

/**
 * `n` kept-alive connections (each has been answered once, as a client's pooled connections have), then one
 * question on each in the same tick, as a flood arrives.
 */
async function burst(port: number, n: number): Promise<number[]> {
  const sockets = await Promise.all(Array.from({ length: n }, () => new Promise<Socket>((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
  })));
  for (const s of sockets) await send(s, 'GET /warm HTTP/1.1\r\nHost: x\r\n\r\n');
  const statuses = await Promise.all(sockets.map((s) => send(s, 'POST /ask HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n')));
  for (const s of sockets) s.destroy();
  return statuses;
}

describe('apiGuard with answers that finish at once', () => {
  it("refuses one client's questions beyond its share of answers in flight (429)", async () => {
    const statuses = await burst(await guarded(2, 100), 8);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  });

  it('refuses beyond the answers in flight of the replica (503) when the clients are many', async () => {
    // One address here, so the per-client share is set above the replica's cap.
    const statuses = await burst(await guarded(100, 3), 8);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 503)).toHaveLength(5);
  });
});
