import { createHash } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { percentile, startAbuser, type StatusCounts } from '../helpers/hardening.js';
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

describe('answers in flight', () => {
  it("a client's questions beyond HTTP_MAX_ANSWERS_PER_CLIENT get 429, the replica's beyond HTTP_MAX_ANSWERS_IN_FLIGHT 503", async () => {
    const capped = await startFixtureService({
      env: { TRUST_PROXY: 'loopback', ASK_RATE_LIMIT_PER_MINUTE: '100000', HTTP_MAX_ANSWERS_PER_CLIENT: '2', HTTP_MAX_ANSWERS_IN_FLIGHT: '4' },
    });
    try {
      const burst = async (clients: string[]) => Promise.all(clients.map(async (c) => {
        const r = await ask(capped.base, 'What is an AEO?', c);
        const body = (await r.json()) as { error?: { code: string } };
        return { status: r.status, code: body.error?.code, retry: r.headers.get('retry-after') };
      }));
      const one = await burst(Array.from({ length: 8 }, () => '10.4.0.1'));
      expect(one.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
      expect(one.filter((r) => r.status === 429 && r.code === 'RATE_LIMITED' && r.retry === '1').length).toBeGreaterThan(0);
      const many = await burst(Array.from({ length: 12 }, (_, i) => `10.4.1.${i}`));
      expect(many.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(4);
      expect(many.filter((r) => r.status === 503 && r.code === 'OVERLOADED' && r.retry === '1').length).toBeGreaterThan(0);
      // Once answered, the same client is served again.
      expect((await ask(capped.base, 'What is an AEO?', '10.4.0.1')).status).toBe(200);
    } finally {
      await capped.close();
    }
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
  /** Latencies (ms) of `n` questions asked one after another by `client` (over this thread's connection pool). */
  const latencies = async (base: string, n: number, client: string) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const r = await ask(base, 'What is an AEO?', client);
      const body = await r.text();
      expect(r.status, body).toBe(200);
      ms.push(performance.now() - t);
    }
    return ms;
  };

  /**
   * Idle and loaded phases alternate. The abuser runs in its
   * own thread with its own connections (as another machine would); the victim asks on this thread's connections.
   */
  const HEAVY = 'What are the benefits and requirements of AEO in the EU and the US, and which MRAs does each have?';
  async function victimRatio(base: string) {
    const idle: number[] = [];
    const loaded: number[] = [];
    const seen: StatusCounts[] = [];
    // Short phases, so a burst of other work on this shared machine falls on idle and loaded phases alike.
    for (let phase = 0; phase < 6; phase++) {
      idle.push(...(await latencies(base, 50, '10.2.0.2')));
      const abuser = startAbuser(base, { connections: 32, client: '10.2.0.66', question: HEAVY });
      await abuser.started;
      await new Promise((r) => setTimeout(r, 300));
      loaded.push(...(await latencies(base, 50, '10.2.0.2')));
      seen.push(await abuser.stop());
    }
    const ratio = percentile(loaded, 0.99) / Math.max(percentile(idle, 0.99), 1);
    return { ratio, idle: percentile(idle, 0.99), loaded: percentile(loaded, 0.99), seen };
  }

  it("32 connections of one client keep another client's p99 within 3x its idle p99 (300 questions each way)", async () => {
    // A rate the victim's questions stay under, so what holds the abuser back is its share of the answers in flight
    // and the order answers start in (turned off, HTTP_MAX_ANSWERS_PER_CLIENT=1000 and answers started at once,
    // every measurement was 11-41x).
    const svc = await startFixtureService({ env: { TRUST_PROXY: 'loopback', ASK_RATE_LIMIT_PER_MINUTE: '100000' } });
    try {
      await svc.engine.warmUp();
      await latencies(svc.base, 20, '10.2.0.2');
      // Up to three measurements: other processes on a loaded 2-core machine can spoil one p99 (6-8x was seen at a
      // load average of 13), while a service without fairness fails every one.
      const runs: Awaited<ReturnType<typeof victimRatio>>[] = [];
      do runs.push(await victimRatio(svc.base));
      while (runs.at(-1)!.ratio > 3 && runs.length < 3);
      const said = runs.map((r) => `victim p99 ${r.loaded.toFixed(1)} ms loaded vs ${r.idle.toFixed(1)} ms idle; abuser saw ${JSON.stringify(r.seen)}`).join('\n');
      expect(Math.min(...runs.map((r) => r.ratio)), said).toBeLessThanOrEqual(3);
      // The abuser was answered too (its share), and refused beyond it.
      for (const counts of runs.flatMap((r) => r.seen)) expect(counts[200] && counts[429], said).toBeGreaterThan(0);
    } finally {
      await svc.close();
    }
  }, 240_000);
});
