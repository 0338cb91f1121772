import { request, Agent } from 'node:http';

/** A small seeded PRNG (mulberry32), so a failing fuzz case can be replayed from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
export type Rng = ReturnType<typeof prng>;

const ODD = ['\u0000', '\u202e', '\u200b', '\ufeff', '\ud800', '\udfff', '\u{1f600}', 'e\u0301', '\uffff', '\u0085', '%00', '\\', '"', "'", '<script>', '{{', '${x}', '\r\n'];

/** A string of odd Unicode: controls, lone surrogates, bidi overrides, zero-width, emoji, combining marks. */
export function oddString(r: Rng, max = 40): string {
  let s = '';
  const n = r.int(max) + 1;
  for (let i = 0; i < n; i++) s += r.next() < 0.5 ? r.pick(ODD) : String.fromCharCode(r.int(0x10000));
  return s;
}

/** A value of a random JSON type other than string. */
export function wrongType(r: Rng): unknown {
  return r.pick<() => unknown>([() => r.int(1e9), () => null, () => true, () => [oddString(r)], () => ({ a: oddString(r) }), () => -0.5, () => []])();
}

/** Almost-JSON: truncated, unbalanced, trailing commas, single quotes, raw bytes. */
export function brokenJson(r: Rng): string {
  const good = JSON.stringify({ question: oddString(r), language: 'en' });
  return r.pick<() => string>([
    () => good.slice(0, Math.max(1, r.int(good.length - 1))),
    () => `${good}}`,
    () => good.replace(/"/g, "'"),
    () => `{"question": "x",}`,
    () => `{${oddString(r)}}`,
    () => '\u0000\u0001\u0002',
    () => '[',
    () => 'nul',
  ])();
}

export interface RawResponse { status: number; body: string }

/** Sends exactly these bytes and headers (fetch would normalise some of them). */
export function rawRequest(agent: Agent, base: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawResponse> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { if (text.length < 2000) text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
