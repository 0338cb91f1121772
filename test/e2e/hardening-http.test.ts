import { createHash } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { median, percentile } from '../helpers/hardening.js';
import { REPO } from '../helpers/paths.js';

/** The public HTTP API under abuse: rate limits, connection cap, timeouts, headers, /metrics and /readyz. */
const TOKEN = 'admin-token-0123456789';
const METRICS = 'metrics-token-0123456789';
let svc: RunningService;

const ask = (base: string, question: string, client: string, path = '/api/ask') => fetch(`${base}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify({ question }),
});

beforeAll(async () => {
  svc = await startFixtureService({
    env: {
      ADMIN_TOKEN: TOKEN, METRICS_TOKEN: METRICS, TRUST_PROXY: 'loopback', ASK_RATE_LIMIT_PER_MINUTE: '5',
      HTTP_MAX_CONNECTIONS: '40', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000',
    },
  });
}, 120_000);
afterAll(() => svc?.close());

describe('security headers', () => {
  it('the page gets a CSP with the hash of its inline script and style; every response nosniff and no framing', async () => {
    const page = await readFile(join(REPO, 'public/index.html'), 'utf8');
    const inline = (tag: string) => createHash('sha256').update(page.split(`<${tag}>`)[1]!.split(`</${tag}>`)[0]!).digest('base64');
    const res = await fetch(`${svc.base}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'sha256-${inline('script')}'`);
    expect(csp).toContain(`style-src 'sha256-${inline('style')}'`);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    for (const r of [res, await fetch(`${svc.base}/healthz`), await ask(svc.base, 'What is an AEO?', '10.9.0.1'), await fetch(`${svc.base}/nope`)]) {
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('per-client rate limit', () => {
  it('answers 429 with Retry-After past the limit, per client address behind the trusted proxy, on both routes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask(svc.base, 'What is an AEO?', '10.1.0.1')).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const over = await ask(svc.base, 'What is an AEO?', '10.1.0.1');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await over.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await ask(svc.base, 'What is an AEO?', '10.1.0.1', '/api/ask/stream')).status).toBe(429);
    // Another client is not affected.
    expect((await ask(svc.base, 'What is an AEO?', '10.1.0.2')).status).toBe(200);
  });
});

describe('connections', () => {
  const open = (): Promise<Socket> => new Promise((resolve, reject) => {
    const s = connect(svc.server.port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const closedWithin = (s: Socket, ms: number) => new Promise<boolean>((resolve) => {
    if (s.destroyed) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    s.once('close', () => { clearTimeout(t); resolve(true); });
  });

  it('cuts a slow body at the request deadline and an idle connection at the header deadline', async () => {
    const slow = await open();
    slow.write('POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"q');
    const trickle = setInterval(() => slow.write(' '), 200);
    const idle = await open();
    const started = Date.now();
    expect(await closedWithin(idle, 5000)).toBe(true);
    expect(await closedWithin(slow, 6000)).toBe(true);
    clearInterval(trickle);
    expect(Date.now() - started).toBeLessThan(6000);
  }, 15_000);

  it('refuses connections past HTTP_MAX_CONNECTIONS, and serves again once idle ones are cut', async () => {
    const sockets = await Promise.all(Array.from({ length: 60 }, () => open().catch(() => undefined)));
    const closed = await Promise.all(sockets.map((s) => (s ? closedWithin(s, 300) : Promise.resolve(true))));
    expect(closed.filter(Boolean).length).toBeGreaterThanOrEqual(20);
    // The idle ones are cut at the header deadline, then /healthz answers.
    await new Promise((r) => setTimeout(r, 3500));
    expect((await fetch(`${svc.base}/healthz`)).status).toBe(200);
    for (const s of sockets) s?.destroy();
  }, 15_000);
});

describe('/metrics and /readyz', () => {
  it('/metrics needs the bearer token on the main port', async () => {
    expect((await fetch(`${svc.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${svc.base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(`${svc.base}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^aeo_index_chunks /m);
  });

  it('without a token /metrics is off on the main port; METRICS_PORT serves it on its own', async () => {
    const other = await startFixtureService({ env: { METRICS_PORT: '0' } });
    try {
      expect((await fetch(`${other.base}/metrics`)).status).toBe(404);
      const line = other.logs.records.find((r) => r.msg === 'metrics served on their own port');
      const res = await fetch(`http://127.0.0.1:${String(line?.port)}/metrics`);
      expect(res.status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('/readyz names what is wrong by code, without folder paths or error text', async () => {
    const moved = `${svc.knowledgeDir}-away`;
    await rename(svc.knowledgeDir, moved);
    try {
      await fetch(`${svc.base}/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
      const text = await (await fetch(`${svc.base}/readyz`)).text();
      expect(JSON.parse(text)).toMatchObject({ status: 'degraded', error: { code: 'KNOWLEDGE_MISSING' } });
      expect(text).not.toContain(svc.knowledgeDir);
      expect(text).not.toMatch(/"message"|\/tmp\//);
    } finally {
      await rename(moved, svc.knowledgeDir);
    }
  });
});

describe('one abusive client', () => {
  /** Victim p99 (ms) over `n` sequential questions. */
  const victimP99 = async (base: string, n: number, client: string) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const r = await ask(base, 'What is an AEO?', client);
      const body = await r.text();
      expect(r.status, body).toBe(200);
      ms.push(performance.now() - t);
    }
    return percentile(ms, 0.99);
  };

  it("does not push another client's p99 above 3x its idle p99 (32 connections, medians of 3 runs)", async () => {
    // Each run's victim (its own address) asks 90 questions: a limit above that, which the abuser passes at once.
    const limited = await startFixtureService({ env: { TRUST_PROXY: 'loopback', ASK_RATE_LIMIT_PER_MINUTE: '100' } });
    try {
      await limited.engine.warmUp();
      const ratios: number[] = [];
      for (let run = 0; run < 3; run++) {
        const victim = `10.2.${run}.2`;
        await victimP99(limited.base, 10, victim);
        const idle = await victimP99(limited.base, 40, victim);
        let stop = false;
        const abuser = Array.from({ length: 32 }, async () => {
          while (!stop) await (await ask(limited.base, 'What are the benefits and requirements of AEO in the EU and the US?', '10.2.0.66')).arrayBuffer();
        });
        await new Promise((r) => setTimeout(r, 300));
        const loaded = await victimP99(limited.base, 40, victim);
        stop = true;
        await Promise.all(abuser);
        ratios.push(loaded / Math.max(idle, 1));
      }
      expect(median(ratios), `victim p99 ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}`).toBeLessThan(3);
    } finally {
      await limited.close();
    }
  }, 120_000);
});
