/**
 * The real service under load over loopback: /api/ask throughput and p99 at rising concurrency (autocannon), signed
 * Slack events at rising concurrency, and Slack acknowledgement latency of bursts of 100 concurrent signed
 * `event_callback` message events. Slack's Web API is a local fake (bench/lib/fake-slack.ts).
 */
import { join } from 'node:path';
import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';
import type { EvalItem } from '../src/eval/run-eval.js';
import { peakRssMb, startService, type ServiceProcess } from './lib/child.js';
import { FakeSlack, signedDm } from './lib/fake-slack.js';
import { measureAckBursts, startPlainHttp, type AckBursts, type PlainHttp } from './slack-ack.js';
import { percentile, summarize, type Summary } from './lib/stats.js';

const SECRET = 'bench-signing-secret';

export interface LoadLevel {
  concurrency: number;
  rps: Summary;
  p50: Summary;
  p99: Summary;
  /** p99 without each connection's first request. */
  laterP99: Summary;
  /** The slowest first request of a connection. */
  firstMax: Summary;
  /** Requests that failed (non-2xx, errors, timeouts), summed over the runs. */
  failed: number;
  requests: number;
}

export interface LoadCurve {
  levels: LoadLevel[];
  /** First concurrency whose median p99 is more than twice the p99 at concurrency 1; undefined when none. */
  degradesAt?: number;
}

export interface SlackLevel extends LoadLevel {
  /** Time for the queued answers of one run to be posted after its last acknowledgement. */
  drainMs: Summary;
  /** Answers posted per second while draining the queue (answering throughput). */
  answersPerSecond: Summary;
}

export interface ServiceResult {
  chunks: number;
  ask: LoadCurve;
  slackEvents: { levels: SlackLevel[]; degradesAt?: number };
  /** Bursts of `burst` concurrent signed message events: acknowledgement latency. */
  slackAck: AckBursts;
  /** The same bursts on the previous path (SLACK_ACK_FIRST=false), alternating with the current one. */
  slackAckOld?: AckBursts;
  /**
   * The same bursts from the same client to a plain node:http server that only reads the body and answers 200 (its own
   * process), in turn with the services: the harness floor, what the client and the shared cores cost.
   */
  slackAckFloor?: AckBursts;
  peakRssMb: number;
  seconds: number;
  slackEventsPerRun: number;
}

export interface ServiceOptions {
  entry: string;
  indexDir: string;
  knowledgeDir: string;
  chunks: number;
  items: EvalItem[];
  runs: number;
  concurrency: number[];
  loadSeconds: number;
  quick: boolean;
  logDir: string;
  log: (msg: string) => void;
}

export async function measureService(o: ServiceOptions): Promise<ServiceResult> {
  const started = performance.now();
  const fake = new FakeSlack();
  await fake.start();
  let svc: ServiceProcess | undefined;
  const env = {
    INDEX_DIR: o.indexDir, KNOWLEDGE_DIR: o.knowledgeDir, FEEDBACK_FILE: join(o.logDir, 'feedback.jsonl'),
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl,
    // Every event comes from a new user; the per-user limit must not turn the load into polite refusals.
    SLACK_RATE_LIMIT_PER_MINUTE: '10000',
    // The load generator is one address standing for many clients: the per-client limits of /api/ask (30 a minute,
    // 2 in flight) would turn the whole load into 429s.
    ASK_RATE_LIMIT_PER_MINUTE: '100000', HTTP_MAX_ANSWERS_PER_CLIENT: '1000',
  };
  try {
    svc = await startService({ entry: o.entry, logDir: o.logDir, name: 'service-load', env });
    // The Slack channel checks its token after the index is ready: wait for it, so no event waits for auth.test.
    await fake.waitFor('auth.test', 1, 30_000);
    const base = svc.base;
    const questions = o.items.map((i) => i.question);

    // ---- /api/ask ----
    // One global round robin over the dev questions (autocannon's request list would start every connection on the
    // same question, so all connections would hit the slow ones at once).
    let a = 0;
    const askRequests = [{
      method: 'POST', path: '/api/ask', headers: { 'content-type': 'application/json' },
      setupRequest: (req: Record<string, unknown>) => ({ ...req, body: JSON.stringify({ question: questions[a++ % questions.length] }) }),
    }];
    await autocannon({ url: base, connections: 4, duration: 1, requests: askRequests as never }); // warm-up
    const askLevels: LoadLevel[] = [];
    for (const c of o.concurrency) {
      const runs: LoadRun[] = [];
      for (let r = 0; r < o.runs; r++) runs.push(await load({ url: base, connections: c, duration: o.loadSeconds, requests: askRequests as never, timeout: 30 }));
      askLevels.push(level(c, runs));
      o.log(`  ask c=${c}: ${askLevels.at(-1)!.rps.median.toFixed(0)} req/s, p99 ${askLevels.at(-1)!.p99.median} ms`);
    }

    // ---- Slack events at rising concurrency: a fixed number per run, then wait for the queued answers ----
    const perRun = o.quick ? 150 : 400;
    let q = 0;
    const nextQuestion = () => questions[q++ % questions.length] ?? 'What is an AEO?';
    const slackRequests = [{
      method: 'POST', path: '/slack/events',
      setupRequest: (req: Record<string, unknown>) => ({ ...req, ...signedDm(SECRET, nextQuestion()) }),
    }];
    const posted = () => fake.count('chat.postMessage');
    // Warm-up (Bolt's first events), drained.
    const warm = await autocannon({ url: base, connections: 4, amount: 40, requests: slackRequests as never });
    await fake.waitFor('chat.postMessage', warm['2xx'], 60_000);
    let expected = posted();
    const slackLevels: SlackLevel[] = [];
    for (const c of o.concurrency) {
      const runs: LoadRun[] = [];
      const drains: number[] = [];
      const aps: number[] = [];
      for (let r = 0; r < o.runs; r++) {
        const run = await load({ url: base, connections: c, amount: Math.max(perRun, c * 2), requests: slackRequests as never, timeout: 30 });
        runs.push(run);
        expected += run.result['2xx'];
        const leftAtEnd = expected - posted();
        const drain = await fake.waitFor('chat.postMessage', expected, 180_000);
        drains.push(drain);
        aps.push(leftAtEnd > 0 && drain > 0 ? leftAtEnd / (drain / 1000) : NaN);
      }
      slackLevels.push({ ...level(c, runs), drainMs: summarize(drains), answersPerSecond: summarize(aps) });
      o.log(`  slack c=${c}: ${slackLevels.at(-1)!.rps.median.toFixed(0)} acks/s, p99 ${slackLevels.at(-1)!.p99.median} ms, drain ${slackLevels.at(-1)!.drainMs.median.toFixed(0)} ms`);
    }

    // ---- Slack ack latency: bursts of 100 concurrent signed message events, current path vs the previous one ----
    const oldFake = new FakeSlack();
    await oldFake.start();
    let oldSvc: ServiceProcess | undefined;
    let floorSvc: PlainHttp | undefined;
    let bursts: Record<string, AckBursts>;
    try {
      oldSvc = await startService({ entry: o.entry, logDir: o.logDir, name: 'service-old-ack', env: { ...env, SLACK_API_URL: oldFake.apiUrl, SLACK_ACK_FIRST: 'false' } });
      await oldFake.waitFor('auth.test', 1, 30_000);
      floorSvc = await startPlainHttp();
      const sides = [
        { name: 'new', base, fake }, { name: 'old', base: oldSvc.base, fake: oldFake }, { name: 'floor', base: floorSvc.base },
      ];
      bursts = await measureAckBursts(sides, { secret: SECRET, questions, runs: o.runs, burstsPerRun: o.quick ? 2 : 3 });
    } finally {
      await floorSvc?.stop();
      await oldSvc?.stop();
      await oldFake.stop();
    }
    const slackAck = bursts.new!;
    const slackAckOld = bursts.old!;
    const slackAckFloor = bursts.floor!;
    o.log(`  slack ack (100 concurrent): p50 ${slackAck.p50.median.toFixed(1)} ms, p99 ${slackAck.p99.median.toFixed(1)} ms (ignored events: p99 ${slackAck.ignoredP99.median.toFixed(1)} ms); previous path p99 ${slackAckOld.p99.median.toFixed(1)} ms; plain node:http floor p99 ${slackAckFloor.p99.median.toFixed(1)} ms`);
    const rss = await peakRssMb(svc.proc.pid);
    return {
      chunks: o.chunks,
      ask: curve(askLevels),
      slackEvents: { ...curve(slackLevels), levels: slackLevels },
      slackAck, slackAckOld, slackAckFloor, peakRssMb: rss, seconds: (performance.now() - started) / 1000, slackEventsPerRun: perRun,
    };
  } finally {
    await svc?.stop();
    await fake.stop();
  }
}

interface LoadRun { result: AutocannonResult; rps: number; laterP99: number; firstMax: number }

/**
 * One autocannon run. Throughput is 2xx responses over the time from start to the last response: autocannon's own
 * duration is rounded up to its 1 s sampling tick, which distorts short fixed-amount runs.
 */
async function load(opts: AutocannonOptions): Promise<LoadRun> {
  const t0 = performance.now();
  let last = t0;
  let ok = 0;
  // Latency of each connection's first request apart from the rest: under saturation, new connections starve.
  const seen = new WeakSet<object>();
  const first: number[] = [];
  const later: number[] = [];
  const inst = autocannon({ sampleInt: 100, ...opts });
  inst.on('response', (client, status, _bytes, responseTime) => {
    last = performance.now();
    if (status >= 200 && status < 300) ok++;
    const c = client as object;
    if (seen.has(c)) later.push(responseTime);
    else {
      seen.add(c);
      first.push(responseTime);
    }
  });
  const result = await inst;
  return { result, rps: ok / Math.max((last - t0) / 1000, 1e-3), laterP99: percentile(later, 99), firstMax: first.length ? Math.max(...first) : NaN };
}

function level(concurrency: number, loads: LoadRun[]): LoadLevel {
  const runs = loads.map((l) => l.result);
  return {
    concurrency,
    rps: summarize(loads.map((l) => l.rps)),
    p50: summarize(runs.map((r) => r.latency.p50)),
    p99: summarize(runs.map((r) => r.latency.p99)),
    laterP99: summarize(loads.map((l) => l.laterP99)),
    firstMax: summarize(loads.map((l) => l.firstMax)),
    failed: runs.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts, 0),
    requests: runs.reduce((s, r) => s + r.requests.total, 0),
  };
}

function curve<L extends LoadLevel>(levels: L[]): { levels: L[]; degradesAt?: number } {
  const p1 = levels.find((l) => l.concurrency === 1)?.p99.median ?? levels[0]?.p99.median ?? NaN;
  const bad = levels.find((l) => l.p99.median > 2 * Math.max(p1, 1));
  return { levels, ...(bad ? { degradesAt: bad.concurrency } : {}) };
}
