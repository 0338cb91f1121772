import { describe, expect, it } from 'vitest';
import { TimedOpenIdMetadata } from '../../src/channels/teams/openid-metadata.js';
import { MetadataHost, refusingUrl, SilentHost, TokenSigner } from '../helpers/teams-auth.js';

describe('Bot Framework signing keys with a timeout', () => {
  it('keeps serving the keys it holds when a refresh a day later fails; unknown key ids get none', async () => {
    const signer = new TokenSigner();
    const host = await new MetadataHost(signer).start();
    let now = Date.now();
    const meta = new TimedOpenIdMetadata(host.metadataUrl, 500, () => now);
    expect((await meta.getKey(signer.kid))?.key).toMatch(/BEGIN PUBLIC KEY/);
    await host.close();
    now += 25 * 60 * 60_000;
    expect((await meta.getKey(signer.kid))?.key).toMatch(/BEGIN PUBLIC KEY/);
    expect(await meta.getKey('other-kid')).toBeNull();
  });

  it('fails with AUTH_UNAVAILABLE, naming the reason, when it holds no keys and the host refuses or is silent', async () => {
    await expect(new TimedOpenIdMetadata(await refusingUrl(), 500).getKey('k')).rejects.toMatchObject({
      code: 'AUTH_UNAVAILABLE',
      details: { reason: 'ECONNREFUSED' },
    });
    const silent = await new SilentHost().start();
    try {
      const started = Date.now();
      const meta = new TimedOpenIdMetadata(silent.metadataUrl, 300);
      // Concurrent checks share one fetch, so a flood cannot pile up hung connections.
      const all = await Promise.allSettled([meta.getKey('k'), meta.getKey('k'), meta.getKey('k')]);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(silent.connections).toBe(1);
      for (const r of all)
        expect(r).toMatchObject({ status: 'rejected', reason: { details: { reason: 'no answer within 300 ms' } } });
    } finally {
      await silent.close();
    }
  });
});
