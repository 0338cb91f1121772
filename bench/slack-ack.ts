/**
 * Slack acknowledgement latency of bursts of concurrent signed `event_callback` message events, on one or more running
 * services measured in turn, burst by burst (so machine load hits each alike): the current path (acknowledged first)
 * and the previous one (SLACK_ACK_FIRST=false: Bolt verifies again and acks after its authorize step), beside a plain
 * node:http server (the floor: what the client and the machine cost with no service work at all).
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startNodeFlags } from './lib/child.js';
import type { FakeSlack } from './lib/fake-slack.js';
import { signedDm } from './lib/fake-slack.js';
import { percentile, summarize, type Summary } from './lib/stats.js';

/** A side of the measurement; without `fake` nothing answers later (the floor), so no burst waits for answers. */
export interface AckTarget { name: string; base: string; fake?: FakeSlack }

export interface AckBursts {
  burst: number; burstsPerRun: number; p50: Summary; p99: Summary; max: Summary;
  /** The same bursts of events the service acknowledges and ignores (no answer queued): the cost of acking alone. */
  ignoredP50: Summary; ignoredP99: Summary;
  failed: number;
}

export async function measureAckBursts(targets: AckTarget[], o: { secret: string; questions: string[]; runs: number; burstsPerRun: number; burst?: number }): Promise<Record<string, AckBursts>> {
  const burst = o.burst ?? 100;
  let q = 0;
  const nextQuestion = () => o.questions[q++ % o.questions.length] ?? 'What is an AEO?';
  const sides = targets.map((t) => ({
    t, agent: new Agent({ keepAlive: true, maxSockets: burst }), url: new URL(t.base), failed: 0,
    acks: { p50: [] as number[], p99: [] as number[], max: [] as number[], floorP50: [] as number[], floorP99: [] as number[] },
  }));
  type Side = (typeof sides)[number];
  const burstOf = async (s: Side, fromBot: boolean): Promise<number[]> => {
    // Everything queued by earlier bursts is posted first: each burst meets an idle service.
    const fake = s.t.fake;
    const before = fake?.count('chat.postMessage') ?? 0;
    const done = fake?.count('reactions.remove') ?? 0;
    const reqs = Array.from({ length: burst }, () => signedDm(o.secret, nextQuestion(), fromBot));
    const results = await Promise.all(reqs.map((m) => send(s.agent, s.url, 'POST', '/slack/events', m.body, m.headers)));
    const times = results.filter((x) => x.status === 200).map((x) => x.ms);
    s.failed += results.length - times.length;
    if (!fromBot && fake) {
      // Every turn has ended (its progress reaction removed), not only posted: the next burst meets an idle service.
      await fake.waitFor('chat.postMessage', before + times.length, 180_000);
      await fake.waitFor('reactions.remove', done + times.length, 180_000);
    }
    return times;
  };
  // One connection per event of a burst, open before it is timed.
  const connect = (s: Side) =>
    Promise.all(Array.from({ length: burst }, () => send(s.agent, s.url, 'GET', '/healthz')));
  try {
    for (const s of sides) {
      await connect(s);
      await burstOf(s, true);
    }
    for (let r = 0; r < o.runs; r++) {
      for (const s of r % 2 ? [...sides].reverse() : sides) {
        // The other sides' turns can outlast the servers' keep-alive timeout (5 s): connections closed meanwhile are
        // reopened here, untimed (with three sides, the floor's 100 were reopened twice a run in its first burst).
        await connect(s);
        const floor: number[] = [];
        for (let b = 0; b < o.burstsPerRun; b++) floor.push(...(await burstOf(s, true)));
        const times: number[] = [];
        for (let b = 0; b < o.burstsPerRun; b++) times.push(...(await burstOf(s, false)));
        s.acks.p50.push(percentile(times, 50));
        s.acks.p99.push(percentile(times, 99));
        s.acks.max.push(Math.max(...times));
        s.acks.floorP50.push(percentile(floor, 50));
        s.acks.floorP99.push(percentile(floor, 99));
      }
    }
  } finally {
    for (const s of sides) s.agent.destroy();
  }
  return Object.fromEntries(sides.map((s): [string, AckBursts] => [s.t.name, {
    burst, burstsPerRun: o.burstsPerRun, p50: summarize(s.acks.p50), p99: summarize(s.acks.p99), max: summarize(s.acks.max),
    ignoredP50: summarize(s.acks.floorP50), ignoredP99: summarize(s.acks.floorP99), failed: s.failed,
  }]));
}

export interface PlainHttp { base: string; stop(): Promise<void> }

/** The floor's server (lib/plain-http-server.mjs) in its own process, with the node flags the service runs with. */
export async function startPlainHttp(): Promise<PlainHttp> {
  const script = fileURLToPath(new URL('./lib/plain-http-server.mjs', import.meta.url));
  const child = fork(script, [], { execArgv: startNodeFlags(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (p) => resolve(Number(p)));
    child.once('error', reject);
    void exited.then(() => reject(new Error(`plain http server exited (${child.exitCode ?? child.signalCode})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

export function send(agent: Agent, url: URL, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  return new Promise((resolve) => {
    const t = performance.now();
    const req = request({ agent, host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t }));
    req.end(body);
  });
}
