import { describe, expect, it } from 'vitest';
import { DeferredMetrics } from '../../src/observability/deferred-metrics.js';
import { PromMetrics } from '../../src/observability/prom-metrics.js';

describe('DeferredMetrics', () => {
  it('replays what was counted before the implementation arrived, then counts directly', async () => {
    const d = new DeferredMetrics();
    d.indexBuilt({ chunks: 12, files: 3, seconds: 0.5, ok: true });
    d.answered({ channel: 'http', kind: 'mra', declined: false, language: 'en', seconds: 0.01 });
    const prom = new PromMetrics();
    d.attach(prom);
    d.answered({ channel: 'http', kind: 'mra', declined: true, language: 'en', seconds: 0.02 });
    const { body } = await prom.render();
    expect(body).toMatch(/^aeo_index_chunks 12$/m);
    expect(body).toMatch(/^aeo_answers_total\{channel="http",kind="mra",language="en"\} 2$/m);
    expect(body).toMatch(/^aeo_declines_total\{channel="http"\} 1$/m);
  });

  it('keeps at most maxPending calls while waiting', async () => {
    const d = new DeferredMetrics(2);
    for (let i = 0; i < 5; i++) d.feedback({ channel: 'slack', helpful: true });
    const prom = new PromMetrics();
    d.attach(prom);
    expect((await prom.render()).body).toMatch(/^aeo_feedback_total\{channel="slack",rating="helpful"\} 2$/m);
  });
});
