import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  bytes: number;
  id?: string;
}

/** Teams refuses a bot message over about 28 KB with 413 MessageSizeTooBig (counted on the JSON it receives). */
export const TEAMS_MAX_MESSAGE_BYTES = 28 * 1024;

/**
 * A local Bot Framework connector: records the activities the bot sends back, answers like the real service, and
 * refuses oversized messages as Teams does. `refused` keeps what was refused (not in `calls`).
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  readonly refused: ConnectorCall[] = [];
  private server!: Server;
  private seq = 0;
  url = '';

  constructor(private readonly maxBytes = TEAMS_MAX_MESSAGE_BYTES) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        let body: Record<string, unknown> = {};
        try {
          body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
        } catch {
          body = { raw: raw.toString('utf8') };
        }
        const call = { method: req.method ?? '', path: req.url ?? '', body, bytes: raw.length };
        if (raw.length > this.maxBytes) {
          this.refused.push(call);
          res
            .writeHead(413, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: 'MessageSizeTooBig', message: 'Message size too large' } }));
          return;
        }
        this.seq += 1;
        const id = `msg-${this.seq}`;
        this.calls.push({ ...call, id });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  messages(): Record<string, unknown>[] {
    return this.calls.map((c) => c.body).filter((b) => b.type === 'message');
  }

  /** The message calls, each with the id the connector gave it (what Teams' feedback later names as replyToId). */
  messageCalls(): ConnectorCall[] {
    return this.calls.filter((c) => c.body.type === 'message');
  }

  reset(): void {
    this.calls.length = 0;
    this.refused.length = 0;
  }

  async waitFor(pred: (calls: ConnectorCall[]) => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pred(this.calls)) {
      if (Date.now() > until)
        throw new Error(
          `fake connector: condition not met; calls: ${JSON.stringify(this.calls.map((c) => c.body.type))}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
