import { createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { AppError } from '../../errors.js';

interface Jwk {
  kid?: string;
  kty?: string;
  n?: string;
  e?: string;
  endorsements?: string[];
}

/** Keys are refreshed this often; when a refresh fails the keys already held keep being used. */
const REFRESH_MS = 24 * 60 * 60_000;
/** An unknown key id triggers a refresh at most this often (keys roll over). */
const UNKNOWN_KID_REFRESH_MS = 60 * 60_000;

/**
 * The Bot Framework signing keys from an OpenID metadata document, fetched with a timeout and one fetch at a time.
 * botbuilder's own fetcher has no timeout, starts a fetch per request, and fails every request once its keys are a day
 * old and the host is unreachable; this one answers botbuilder's `getKey` the same way without those faults.
 */
export class TimedOpenIdMetadata {
  private keys: Jwk[] = [];
  private fetchedAt = 0;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async getKey(keyId: string): Promise<{ key: string; endorsements?: string[] } | null> {
    const age = this.now() - this.fetchedAt;
    const known = this.find(keyId);
    if (!this.keys.length || age > REFRESH_MS || (!known && age > UNKNOWN_KID_REFRESH_MS)) {
      try {
        await this.refresh();
      } catch (err) {
        // Cached keys keep working while the metadata host is down; without any, nobody can be authenticated.
        if (!this.keys.length) throw err;
      }
    }
    return this.find(keyId);
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const config = await this.getJson<{ jwks_uri?: unknown }>(this.url);
    if (typeof config.jwks_uri !== 'string') throw unavailable(this.url, 'no jwks_uri in the OpenID configuration');
    const jwks = await this.getJson<{ keys?: unknown }>(config.jwks_uri);
    if (!Array.isArray(jwks.keys)) throw unavailable(this.url, 'no keys in the key set');
    this.keys = jwks.keys as Jwk[];
    this.fetchedAt = this.now();
  }

  private async getJson<T>(url: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const reason =
        e.name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs} ms`
          : (e.cause?.code ?? e.cause?.message ?? e.message);
      throw unavailable(url, reason);
    }
    if (!res.ok) throw unavailable(url, `HTTP ${res.status}`);
    try {
      return (await res.json()) as T;
    } catch {
      throw unavailable(url, 'not JSON');
    }
  }

  private find(keyId: string): { key: string; endorsements?: string[] } | null {
    const jwk = this.keys.find((k) => k.kid === keyId);
    if (!jwk || jwk.kty !== 'RSA' || !jwk.n || !jwk.e) return null;
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    return { key, ...(jwk.endorsements ? { endorsements: jwk.endorsements } : {}) };
  }
}

const unavailable = (url: string, reason: string) =>
  new AppError('AUTH_UNAVAILABLE', 'The Bot Framework signing keys cannot be fetched.', {
    url: new URL(url).origin,
    reason,
  });

/**
 * Puts timed fetchers in botbuilder's per-URL metadata cache (JwtTokenExtractor's static map, which every token check
 * reads), before any request. Contained here so a botbuilder upgrade that changes it shows up in one place (and the
 * auth tests fail loudly rather than hang).
 */
export function installTimedMetadata(urls: string[], timeoutMs: number): void {
  const require = createRequire(import.meta.url);
  const { JwtTokenExtractor } = require('botframework-connector/lib/auth/jwtTokenExtractor.js') as {
    JwtTokenExtractor?: { openIdMetadataCache?: unknown };
  };
  const cache = JwtTokenExtractor?.openIdMetadataCache;
  if (!(cache instanceof Map))
    throw new Error('botframework-connector no longer has JwtTokenExtractor.openIdMetadataCache');
  for (const url of urls) cache.set(url, new TimedOpenIdMetadata(url, timeoutMs));
}
