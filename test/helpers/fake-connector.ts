import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall { method: string; path: string; body: Record<string, unknown> }

/** A local Bot Framework connector: records the activities the bot sends back, answers like the real service. */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        let body: Record<string, unknown> = {};
        try { body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}; } catch { body = { raw }; }
        this.calls.push({ method: req.method ?? '', path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `act-${this.calls.length}` }));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  messages(): Record<string, unknown>[] {
    return this.calls.map((c) => c.body).filter((b) => b.type === 'message');
  }

  async waitFor(pred: (calls: ConnectorCall[]) => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pred(this.calls)) {
      if (Date.now() > until) throw new Error(`fake connector: condition not met; calls: ${JSON.stringify(this.calls.map((c) => c.body.type))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
