import { describe, expect, it } from 'vitest';
import { slackAckTarget } from '../../bench/report.js';
import type { ServiceResult } from '../../bench/service.js';
import type { AckBursts } from '../../bench/slack-ack.js';
import type { Summary } from '../../bench/lib/stats.js';

const s = (median: number): Summary => ({ median, min: median, max: median, runs: 3 });
const bursts = (p99: number, ignoredP99 = p99): AckBursts => ({
  burst: 100, burstsPerRun: 3, p50: s(p99 / 2), p99: s(p99), max: s(p99 + 1), ignoredP50: s(ignoredP99 / 2), ignoredP99: s(ignoredP99), failed: 0,
});
const service = (ack: number, floor?: number, ignored = ack): ServiceResult => ({
  chunks: 100, ask: { levels: [] }, slackEvents: { levels: [] }, slackAck: bursts(ack, ignored), slackAckOld: bursts(ack * 2),
  ...(floor === undefined ? {} : { slackAckFloor: bursts(floor) }), peakRssMb: 200, seconds: 60, slackEventsPerRun: 150,
});

describe('the Slack ack target row', () => {
  it('shows the floor p99 of the same run, what the service adds over it and the ratio', () => {
    const row = slackAckTarget(service(24, 14), 2);
    expect(row.pass).toBe(true);
    expect(row.measured).toContain('floor (same client and bursts, in turn) p99 14.0 ms');
    expect(row.measured).toContain('the service adds 10.0 ms (1.7×');
    expect(row.why).toBeUndefined();
  });

  it('passes or misses on the absolute p99, and when the floor alone is near 50 ms the why says so', () => {
    const row = slackAckTarget(service(81.7, 45, 60), 2);
    expect(row.pass).toBe(false);
    expect(row.why).toContain('already has p99 45.0 ms (90% of the 50 ms target)');
    expect(row.why).toContain('the service itself adds 36.7 ms');
  });

  it('does not blame the harness when the floor is low, nor recommend lowering ANSWER_CONCURRENCY', () => {
    const row = slackAckTarget(service(70, 14, 30), 2);
    expect(row.pass).toBe(false);
    expect(row.why).not.toContain('already has p99');
    expect(row.why).toContain('plain node:http floor: 14.0 ms');
    expect(row.why).not.toContain('ANSWER_CONCURRENCY');
  });

  it('reads as before without a floor', () => {
    const row = slackAckTarget(service(30), 2);
    expect(row.measured).not.toContain('floor');
    expect(row.measured).toContain('p99 30.0 ms');
  });
});
