/**
 * A minimal local Slack Web API for the load tests (the tests' fake in test/helpers records every call and speaks
 * Socket Mode; here only counts matter): answers like Slack does, counts calls per method.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT = { userId: 'UBENCHBOT', botId: 'BBENCHBOT', team: 'TBENCH' } as const;

export class FakeSlack {
  readonly counts = new Map<string, number>();
  private server!: Server;
  private seq = 0;
  url = '';

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  count(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
        this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(method)));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private answer(method: string): Record<string, unknown> {
    const ts = `${1800000000 + ++this.seq}.000100`;
    switch (method) {
      case 'auth.test': return { ok: true, user_id: BOT.userId, bot_id: BOT.botId, team_id: BOT.team, user: 'aeo-bot', team: 'Bench' };
      case 'chat.postMessage': return { ok: true, ts, message: { type: 'message', ts, bot_id: BOT.botId, user: BOT.userId } };
      case 'chat.postEphemeral': return { ok: true, message_ts: ts };
      case 'conversations.replies': return { ok: true, messages: [], has_more: false };
      default: return { ok: true };
    }
  }

  /** Waits until `method` was called at least `n` times; resolves with the time waited (ms), or NaN on timeout. */
  async waitFor(method: string, n: number, timeoutMs = 120_000): Promise<number> {
    const t = performance.now();
    while (this.count(method) < n) {
      if (performance.now() - t > timeoutMs) return NaN;
      await new Promise((r) => setTimeout(r, 10));
    }
    return performance.now() - t;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Slack's request signature: `v0=` HMAC-SHA256 of `v0:timestamp:body`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

let seq = 0;

/**
 * A signed Events API `event_callback` carrying a direct message from a new user (so rate limits never apply).
 * With `fromBot` it is another bot's message, which the service acknowledges and ignores (no answer queued).
 */
export function signedDm(secret: string, text: string, fromBot = false): { body: string; headers: Record<string, string> } {
  const n = ++seq;
  const user = `UB${n}`;
  const ts = `${1700000000 + n}.${String(n % 1_000_000).padStart(6, '0')}`;
  const body = JSON.stringify({
    token: 'legacy', team_id: BOT.team, api_app_id: 'ABENCH', type: 'event_callback', event_id: `EvB${process.pid}x${n}`, event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: BOT.team, user_id: BOT.userId, is_bot: true }],
    event: { type: 'message', channel_type: 'im', channel: `D${user}`, user, text, ts, ...(fromBot ? { subtype: 'bot_message', bot_id: 'BOTHER' } : {}) },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(secret, timestamp, body) } };
}
