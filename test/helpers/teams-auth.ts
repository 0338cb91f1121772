import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

/** A signing key and a JWT signed with it, shaped like the Bot Framework channel's tokens. */
export class TokenSigner {
  readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  readonly jwk: Record<string, unknown>;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = { ...publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', endorsements: ['msteams'] };
  }

  token(claims: Record<string, unknown>, kid = this.kid): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const payload = b64url(
      JSON.stringify({ iss: 'https://api.botframework.com', nbf: now - 60, exp: now + 3600, ...claims }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  }
}

/** Listens on a loopback port; `close` ends open connections too. */
abstract class LocalHost {
  protected server!: Server;
  private readonly sockets = new Set<Socket>();
  /** Connections accepted so far. */
  connections = 0;
  url = '';

  protected async listen(server: Server): Promise<void> {
    this.server = server;
    server.on('connection', (s) => {
      this.connections += 1;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** An OpenID metadata host serving the signer's key set; counts requests. */
export class MetadataHost extends LocalHost {
  requests = 0;

  constructor(private readonly signer: TokenSigner) {
    super();
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    await this.listen(
      createServer((req, res) => {
        this.requests += 1;
        res.setHeader('content-type', 'application/json');
        if (req.url === '/v1/.well-known/openidconfiguration') {
          res.end(
            JSON.stringify({
              issuer: 'https://api.botframework.com',
              jwks_uri: `${this.url}/v1/keys`,
              id_token_signing_alg_values_supported: ['RS256'],
            }),
          );
        } else if (req.url === '/v1/keys') {
          res.end(JSON.stringify({ keys: [this.signer.jwk] }));
        } else {
          res.statusCode = 404;
          res.end('{}');
        }
      }),
    );
    return this;
  }
}

/** A host that accepts connections and never answers (a firewall that drops, a hung proxy). */
export class SilentHost extends LocalHost {
  async start(): Promise<this> {
    await this.listen(createServer(() => undefined));
    return this;
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }
}

/** A loopback URL whose port refuses connections (nothing listens there any more). */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`;
}
