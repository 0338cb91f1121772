import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BLOCK_RULES, blocksError } from './slack-block-rules.js';

export interface SlackCall {
  /** Web API method (`chat.postMessage`) or `response:<id>` for a post to a response_url. */
  method: string;
  body: Record<string, unknown>;
  token?: string;
}

export const BOT = { userId: 'UBOT', botId: 'BBOT', team: 'T1' } as const;

/** A message streamed with chat.startStream / appendStream / stopStream, as the fake holds it. */
export interface FakeStream { channel: string; threadTs: string; text: string; open: boolean; appends: number }

/**
 * A local Slack Web API on loopback: records every call and answers like Slack does (auth.test, chat.*,
 * reactions.*, conversations.replies from seeded threads, assistant.threads.*, views.publish, the streaming
 * methods), plus response_url endpoints. Blocks breaking Slack's limits are refused as Slack refuses them.
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  /** Thread messages returned by conversations.replies, keyed `${channel}:${thread_ts}`. */
  readonly threads = new Map<string, Record<string, unknown>[]>();
  /** Methods that answer `{ ok: false, error }`. */
  readonly failures = new Map<string, string>();
  /** Users' Slack client locales ("es-ES"), returned by users.info with include_locale. */
  readonly locales = new Map<string, string>();
  /** chat.postMessage refuses messages with blocks (`invalid_blocks`), as Slack does for blocks it cannot render. */
  rejectBlocks = false;
  /** Streamed messages by ts. */
  readonly streams = new Map<string, FakeStream>();
  private server!: Server;
  private seq = 0;
  url = '';
  /** Socket Mode: the app's open WebSocket connections and the acknowledgements they sent. */
  private wss: WebSocketServer | undefined;
  readonly sockets: WebSocket[] = [];
  readonly acks: Record<string, unknown>[] = [];

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const body = parseBody(req.headers['content-type'], await readBody(req));
      const path = req.url ?? '';
      if (path.startsWith('/response/')) {
        this.calls.push({ method: `response:${path.slice('/response/'.length)}`, body });
        // A response_url refuses bad blocks with a 400 and the error as text.
        const error = body.blocks === undefined ? undefined : blocksError(body.blocks);
        if (error) return void res.writeHead(400, { 'content-type': 'text/plain' }).end(error);
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
      const method = path.replace(/^\/api\//, '').split('?')[0] ?? '';
      const auth = req.headers.authorization;
      this.calls.push({ method, body, ...(auth ? { token: auth.replace(/^Bearer /, '') } : {}) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(method, body)));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // Socket Mode: apps.connections.open hands out ws://.../link; Slack greets with "hello", then sends envelopes.
    this.wss = new WebSocketServer({ server: this.server, path: '/link' });
    this.wss.on('connection', (ws) => {
      this.sockets.push(ws);
      ws.on('message', (data) => this.acks.push(JSON.parse(String(data)) as Record<string, unknown>));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
    });
  }

  /** Sends one Socket Mode envelope to the connected app and resolves with its acknowledgement. */
  async pushEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    await this.waitFor(() => this.sockets.length > 0);
    const envelopeId = `env-${++this.seq}`;
    this.sockets[this.sockets.length - 1]!.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    const until = Date.now() + 10_000;
    for (;;) {
      const ack = this.acks.find((a) => a.envelope_id === envelopeId);
      if (ack) return ack;
      if (Date.now() > until) throw new Error(`fake Slack: no acknowledgement for ${envelopeId}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const error = this.failures.get(method);
    if (error) return { ok: false, error };
    if (this.rejectBlocks && method === 'chat.postMessage' && body.blocks) return { ok: false, error: 'invalid_blocks' };
    if (['chat.postMessage', 'chat.update', 'chat.stopStream', 'chat.postEphemeral'].includes(method) && body.blocks !== undefined) {
      const error = blocksError(body.blocks);
      if (error) return { ok: false, error, response_metadata: { messages: [`[ERROR] ${error}`] } };
    }
    const channel = String(body.channel ?? body.channel_id ?? '');
    if (method.startsWith('chat.') && method.endsWith('Stream')) return this.stream(method, channel, body);
    switch (method) {
      case 'apps.connections.open': return { ok: true, url: `${this.url.replace('http:', 'ws:')}/link?ticket=t1` };
      case 'auth.test': return { ok: true, user_id: BOT.userId, bot_id: BOT.botId, team_id: BOT.team, user: 'aeo-bot', team: 'Test' };
      case 'chat.postMessage': {
        const ts = `${1800000000 + ++this.seq}.000100`;
        return { ok: true, channel, ts, message: { type: 'message', text: body.text, ts, bot_id: BOT.botId, user: BOT.userId } };
      }
      case 'chat.update': return { ok: true, channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral': return { ok: true, message_ts: `${1800000000 + ++this.seq}.000200` };
      case 'chat.getPermalink': return { ok: true, channel, permalink: `https://test.slack.com/archives/${channel}/p${String(body.message_ts).replace('.', '')}` };
      case 'views.publish': {
        const view = body.view as { type?: string; blocks?: unknown } | undefined;
        if (!body.user_id || view?.type !== 'home') return { ok: false, error: 'invalid_arguments' };
        const error = blocksError(view.blocks, BLOCK_RULES.homeBlocks);
        return error ? { ok: false, error: 'invalid_blocks' } : { ok: true, view: { id: 'V1', ...view } };
      }
      case 'users.info': {
        const id = String(body.user ?? '');
        const locale = body.include_locale === 'true' || body.include_locale === true ? this.locales.get(id) : undefined;
        return { ok: true, user: { id, ...(locale ? { locale } : {}) } };
      }
      case 'conversations.replies': return { ok: true, messages: this.threads.get(`${channel}:${String(body.ts)}`) ?? [], has_more: false };
      default: return { ok: true };
    }
  }

  /** chat.startStream / appendStream / stopStream: a thread reply (a DM, or a channel with its recipient) in markdown. */
  private stream(method: string, channel: string, body: Record<string, unknown>): Record<string, unknown> {
    const chunks = Array.isArray(body.chunks) ? (body.chunks as { type?: string; text?: string }[]) : [];
    const text = `${typeof body.markdown_text === 'string' ? body.markdown_text : ''}${chunks.filter((c) => c.type === 'markdown_text').map((c) => c.text ?? '').join('')}`;
    if (text.length > 12_000) return { ok: false, error: 'msg_too_long' };
    if (method === 'chat.startStream') {
      const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : '';
      if (!channel || !threadTs) return { ok: false, error: 'invalid_arguments' };
      if (!channel.startsWith('D') && (!body.recipient_user_id || !body.recipient_team_id)) return { ok: false, error: 'invalid_arguments' };
      const ts = `${1800000000 + ++this.seq}.000100`;
      this.streams.set(ts, { channel, threadTs, text, open: true, appends: 0 });
      return { ok: true, channel, ts };
    }
    const s = this.streams.get(String(body.ts));
    if (!s || s.channel !== channel) return { ok: false, error: 'message_not_found' };
    if (!s.open) return { ok: false, error: 'message_not_in_streaming_state' };
    s.text += text;
    if (method === 'chat.appendStream') s.appends++;
    else if (method === 'chat.stopStream') s.open = false;
    else return { ok: false, error: 'unknown_method' };
    return { ok: true, channel, ts: body.ts };
  }

  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until the recorded calls satisfy `pred` (Bolt acknowledges before its listeners finish). */
  async waitFor(pred: (calls: SlackCall[]) => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pred(this.calls)) {
      if (Date.now() > until) throw new Error(`fake Slack API: condition not met; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss?.close();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  return raw;
}

/** The Web API client posts form fields with nested values as JSON strings; response_url posts are JSON. */
function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? (JSON.parse(v) as unknown) : v;
  }
  return out;
}
