import { describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { MetadataHost, refusingUrl, SilentHost, TokenSigner } from '../helpers/teams-auth.js';
import { teamsBed } from '../helpers/teams-bed.js';

const APP_ID = '00000000-0000-0000-0000-000000000001';
const bed = teamsBed();
let seq = 0;

/** Teams' feedback invoke: answered in the HTTP response, so a valid token needs no outgoing call. */
function invoke(): Record<string, unknown> {
  seq += 1;
  return {
    type: 'invoke',
    name: 'message/submitAction',
    id: `inv-${seq}`,
    channelId: 'msteams',
    serviceUrl: bed.connector.url,
    from: { id: 'user-1', aadObjectId: 'aad-1' },
    recipient: { id: `28:${APP_ID}` },
    replyToId: 'msg-x',
    conversation: { id: 'conv-auth', conversationType: 'personal' },
    value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '' } },
  };
}

async function secured(metadataUrl: string, extra: Record<string, string> = {}): Promise<RunningService> {
  return startFixtureService({
    channels: true,
    env: {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      TEAMS_OPENID_METADATA_URL: metadataUrl,
      TEAMS_EMULATOR_OPENID_METADATA_URL: metadataUrl,
      FEEDBACK_FILE: `${bed.dir}/feedback.jsonl`,
      ...extra,
    },
  });
}

const post = (svc: RunningService, token?: string) =>
  fetch(`${svc.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(invoke()),
  });

const refusals = (svc: RunningService) => svc.logs.records.filter((r) => /Teams request refused/.test(r.msg));

describe('Teams token checks', () => {
  const signer = new TokenSigner();
  const claims = { aud: APP_ID, serviceurl: '' };
  const goodToken = () => signer.token({ ...claims, serviceurl: bed.connector.url });

  it('answers 401 with a JSON error to no token, a garbage token and a token signed by another key', async () => {
    const host = await new MetadataHost(signer).start();
    const svc = await secured(host.metadataUrl);
    try {
      for (const token of [
        undefined,
        'garbage',
        new TokenSigner().token({ ...claims, serviceurl: bed.connector.url }),
      ]) {
        const res = await post(svc, token);
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
      expect(refusals(svc)).toHaveLength(3);
      expect(bed.connector.calls).toHaveLength(0);
    } finally {
      await svc.close();
      await host.close();
    }
  });

  it('accepts a token signed with the published key, and keeps accepting it from cache when the host goes away', async () => {
    const host = await new MetadataHost(signer).start();
    const svc = await secured(host.metadataUrl);
    try {
      expect((await post(svc, goodToken())).status).toBe(200);
      expect(svc.logs.records.some((r) => /Teams feedback for a message the bot has no record of/.test(r.msg))).toBe(
        true,
      );
      const fetched = host.requests;
      expect(fetched).toBe(2); // the OpenID configuration, then the key set
      await host.close();
      const res = await post(svc, goodToken());
      expect(res.status).toBe(200);
      expect(host.requests).toBe(fetched);
    } finally {
      await svc.close();
    }
  });

  it('answers 503 JSON quickly, without internals, with one log line, when the metadata host refuses connections', async () => {
    const svc = await secured(await refusingUrl());
    try {
      const started = Date.now();
      const res = await post(svc, goodToken());
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: 'AUTH_UNAVAILABLE', message: 'The Bot Framework signing keys cannot be fetched.' },
      });
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at /);
      const lines = refusals(svc);
      expect(lines).toHaveLength(1);
      expect(JSON.stringify(lines[0])).toMatch(/ECONNREFUSED/);
      expect(JSON.stringify(svc.logs.records)).not.toContain(goodToken().split('.')[2]!.slice(0, 20));
    } finally {
      await svc.close();
    }
  });

  it('answers 503 JSON within the timeout when the metadata host accepts connections but never answers', async () => {
    const host = await new SilentHost().start();
    const svc = await secured(host.metadataUrl, { TEAMS_AUTH_TIMEOUT_MS: '500' });
    try {
      const started = Date.now();
      const [a, b] = await Promise.all([post(svc, goodToken()), post(svc, goodToken())]);
      expect(Date.now() - started).toBeLessThan(2500);
      for (const res of [a, b]) {
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ error: { code: 'AUTH_UNAVAILABLE' } });
      }
      const lines = refusals(svc);
      expect(lines).toHaveLength(2);
      expect(JSON.stringify(lines[0])).toMatch(/no answer within 500 ms|took over 500 ms/);
      expect((await fetch(`${svc.base}/healthz`)).status).toBe(200);
    } finally {
      await svc.close();
      await host.close();
    }
  });
});
