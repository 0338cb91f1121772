import { createHash } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { percentile, pollHealth, startAbuser, threadCpuMs, type StatusCounts } from '../helpers/hardening.js';
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
      const burst = async (clients: string[]) => {
        // Connections opened first (kept alive), so the burst's requests arrive together, as a flood's do; opened
        // by the burst itself, each came a turn apart once the code was warm, each answered before the next came.
        await Promise.all(clients.map(async () => (await fetch(`${capped.base}/healthz`)).arrayBuffer()));
        return Promise.all(clients.map(answered));
      };
      const answered = async (c: string) => {
        const r = await ask(capped.base, 'What is an AEO?', c);
        const body = (await r.json()) as { error?: { code: string } };
        return { status: r.status, code: body.error?.code, retry: r.headers.get('retry-after') };
      };
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
  interface Sample { wallMs: number; cpuMs: number }
  /**
   * `n` questions asked one after another, the i-th as `client(i)`: each one's wall time, and this thread's CPU time
   * while it was asked. The service answers on this thread, so that CPU time is the answering work done between the
   * question and its answer (its own, and whatever the service ran ahead of it), without the time other processes
   * kept the thread off the cores.
   */
  const samples = async (base: string, n: number, client: (i: number) => string) => {
    const out: Sample[] = [];
    for (let i = 0; i < n; i++) {
      const [t, c] = [performance.now(), threadCpuMs()];
      const r = await ask(base, 'What is an AEO?', client(i));
      const body = await r.text();
      expect(r.status, body).toBe(200);
      const wallMs = performance.now() - t;
      const cpu = threadCpuMs();
      out.push({ wallMs, cpuMs: cpu !== undefined && c !== undefined ? cpu - c : wallMs });
    }
    return out;
  };
  const p99 = (xs: Sample[], k: keyof Sample) => percentile(xs.map((x) => x[k]), 0.99);

  const HEAVY = 'What are the benefits and requirements of AEO in the EU and the US, and which MRAs does each have?';
  /** Wall time, so with room for a loaded machine; the red team saw 1.9 s. */
  const HEALTH_P95_MS = 500;
  const ROUNDS = 8;
  const PER_PHASE = 50;
  /**
   * ROUNDS rounds of an idle phase then a loaded one, PER_PHASE questions each, the abuser (32 connections of heavy
   * questions) in its own thread with its own connections, as another machine would be. The ratio is of p99s of the
   * answering thread's CPU time per victim answer, pooled over the rounds. Wall-clock p99s are reported beside it
   * but not bounded: on the shared 2-core machine the abuser's thread and other processes take cores from the
   * service, and one round's wall ratio ranged 0.2-19x with the guard in place (pooled 2.8-3.3x; the same run's CPU
   * ratio 2.1-2.6x).
   */
  async function victimRatio(base: string, victim: (i: number) => string) {
    const idle: Sample[] = [];
    const loaded: Sample[] = [];
    const seen: StatusCounts[] = [];
    await samples(base, 20, victim);
    const health = { idle: [] as number[], loaded: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      // /healthz is polled in both phases alike, so its own cost falls on both.
      let probe = pollHealth(base);
      idle.push(...(await samples(base, PER_PHASE, (i) => victim(i + 2 * round * PER_PHASE))));
      health.idle.push(...(await probe.stop()));
      const abuser = startAbuser(base, { connections: 32, client: '10.2.0.66', question: HEAVY });
      await abuser.started;
      await new Promise((r) => setTimeout(r, 300));
      probe = pollHealth(base);
      loaded.push(...(await samples(base, PER_PHASE, (i) => victim(i + (2 * round + 1) * PER_PHASE))));
      health.loaded.push(...(await probe.stop()));
      seen.push(await abuser.stop());
    }
    const ratio = p99(loaded, 'cpuMs') / Math.max(p99(idle, 'cpuMs'), 0.5);
    const wall = p99(loaded, 'wallMs') / Math.max(p99(idle, 'wallMs'), 1);
    const ms = (xs: Sample[], k: keyof Sample) => p99(xs, k).toFixed(1);
    const figures = `victim p99 CPU ${ms(loaded, 'cpuMs')} ms loaded vs ${ms(idle, 'cpuMs')} ms idle `
      + `(${ratio.toFixed(2)}x); wall ${ms(loaded, 'wallMs')} vs ${ms(idle, 'wallMs')} ms `
      + `(${wall.toFixed(2)}x); /healthz p95 ${percentile(health.loaded, 0.95).toFixed(1)} ms loaded vs `
      + `${percentile(health.idle, 0.95).toFixed(1)} ms idle; abuser saw ${JSON.stringify(seen)}`;
    console.info(figures);
    return { ratio, figures, seen, healthP95: percentile(health.loaded, 0.95) };
  }

  it("the answers-in-flight caps alone keep another client's p99 within 3x its idle p99", async () => {
    // No rate limit to speak of: what holds the abuser back is its share of the answers in flight and the order
    // answers start in. Measured with the caps lifted (HTTP_MAX_ANSWERS_PER_CLIENT=1000,
    // HTTP_MAX_ANSWERS_IN_FLIGHT=10000): 3.3-5.2x (guarded 2.1-2.6x in those runs, 1.2-2.0x in later ones), and
    // 24x with answers also started at once.
    const svc = await startFixtureService({ env: { TRUST_PROXY: 'loopback', ASK_RATE_LIMIT_PER_MINUTE: '100000' } });
    try {
      await svc.engine.warmUp();
      const m = await victimRatio(svc.base, () => '10.2.0.2');
      expect(m.ratio, m.figures).toBeLessThanOrEqual(3);
      // Before, /healthz p95 was 1.9 s under this flood (6-32 ms measured with the guard, a loaded machine).
      expect(m.healthP95, m.figures).toBeLessThan(HEALTH_P95_MS);
      // The abuser was answered too (its share), and refused beyond it.
      for (const counts of m.seen) expect(counts[200] && counts[429], m.figures).toBeGreaterThan(0);
    } finally {
      await svc.close();
    }
  }, 240_000);

  it("the rate limit alone keeps another client's p99 within 3x its idle p99", async () => {
    // The caps lifted, the default 30 questions a minute; the victim's questions come from 40 addresses of one office
    // so that they stay under it. With the rate limit lifted as well the same measurement was 4.6x (guarded 1.3x).
    const svc = await startFixtureService({
      env: { TRUST_PROXY: 'loopback', HTTP_MAX_ANSWERS_PER_CLIENT: '1000', HTTP_MAX_ANSWERS_IN_FLIGHT: '10000' },
    });
    try {
      await svc.engine.warmUp();
      const m = await victimRatio(svc.base, (i) => `10.3.0.${i % 40}`);
      expect(m.ratio, m.figures).toBeLessThanOrEqual(3);
      expect(m.healthP95, m.figures).toBeLessThan(HEALTH_P95_MS);
      const counts = m.seen.reduce<StatusCounts>((sum, c) => {
        for (const [k, v] of Object.entries(c)) sum[Number(k)] = (sum[Number(k)] ?? 0) + v;
        return sum;
      }, {});
      expect(counts[200], m.figures).toBeLessThanOrEqual(30);
      expect(counts[429], m.figures).toBeGreaterThan(0);
    } finally {
      await svc.close();
    }
  }, 240_000);
});
