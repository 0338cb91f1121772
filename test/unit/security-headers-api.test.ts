import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { API_SECURITY_HEADERS, securityHeaders } from '../../src/channels/http/security-headers.js';

let server: Server;
let base = '';
beforeAll(async () => {
  const app = express();
  app.use(securityHeaders('<html></html>'));
  app.post('/slack/events', (_req, res) => void res.status(200).send());
  await new Promise<void>((r) => { server = app.listen(0, '127.0.0.1', () => r()); });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

// Slack's event acks are written before the Express app (fast-ack.ts) with these headers instead of the middleware's.
describe('API_SECURITY_HEADERS', () => {
  it('are the headers securityHeaders() gives an API response', async () => {
    const res = await fetch(`${base}/slack/events`, { method: 'POST' });
    for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
  });
});
