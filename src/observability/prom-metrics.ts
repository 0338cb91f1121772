import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from './metrics.js';

/** Answer latency buckets in seconds: extractive answers take milliseconds, LLM answers seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Prometheus metrics on a registry of their own (process metrics included), served at /metrics. */
export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly answers = new Counter({ name: 'aeo_answers_total', help: 'Answers given, by channel, kind and language.', labelNames: ['channel', 'kind', 'language'] as const, registers: [this.registry] });
  private readonly declines = new Counter({ name: 'aeo_declines_total', help: 'Answers that declined (no grounded answer), by channel.', labelNames: ['channel'] as const, registers: [this.registry] });
  private readonly errors = new Counter({ name: 'aeo_answer_errors_total', help: 'Questions that ended in an error, by channel and error code.', labelNames: ['channel', 'code'] as const, registers: [this.registry] });
  private readonly latency = new Histogram({ name: 'aeo_answer_duration_seconds', help: 'Time to answer a question, by channel and kind.', labelNames: ['channel', 'kind'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly feedbacks = new Counter({ name: 'aeo_feedback_total', help: 'Feedback clicks, by channel and rating.', labelNames: ['channel', 'rating'] as const, registers: [this.registry] });
  private readonly fallbacks = new Counter({ name: 'aeo_llm_fallbacks_total', help: 'LLM answers replaced by the extractive answer, by reason.', labelNames: ['reason'] as const, registers: [this.registry] });
  private readonly generated = new Counter({ name: 'aeo_llm_answers_total', help: 'Answers written by the LLM and accepted.', registers: [this.registry] });
  private readonly chunks = new Gauge({ name: 'aeo_index_chunks', help: 'Chunks in the index in use.', registers: [this.registry] });
  private readonly files = new Gauge({ name: 'aeo_index_files', help: 'Knowledge files in the index in use.', registers: [this.registry] });
  private readonly buildSeconds = new Gauge({ name: 'aeo_index_build_seconds', help: 'Duration of the last index build or load.', registers: [this.registry] });
  private readonly builds = new Counter({ name: 'aeo_index_builds_total', help: 'Index builds and refreshes, by result.', labelNames: ['result'] as const, registers: [this.registry] });
  private readonly state = new Gauge({ name: 'aeo_state_up', help: '1 when the shared state store (Redis) is reachable, 0 when not; absent without one.', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'aeo_' });
  }

  answered(e: { channel: string; kind: string; declined: boolean; language: string; seconds: number }): void {
    this.answers.inc({ channel: e.channel, kind: e.kind, language: e.language });
    if (e.declined) this.declines.inc({ channel: e.channel });
    this.latency.observe({ channel: e.channel, kind: e.kind }, e.seconds);
  }

  failed(e: { channel: string; code: string }): void {
    this.errors.inc(e);
  }

  feedback(e: { channel: string; helpful: boolean }): void {
    this.feedbacks.inc({ channel: e.channel, rating: e.helpful ? 'helpful' : 'not_helpful' });
  }

  llmFallback(reason: string): void {
    this.fallbacks.inc({ reason });
  }

  llmGenerated(): void {
    this.generated.inc();
  }

  indexBuilt(e: { chunks: number; files: number; seconds: number; ok: boolean }): void {
    this.builds.inc({ result: e.ok ? 'ok' : 'failed' });
    if (!e.ok) return;
    this.chunks.set(e.chunks);
    this.files.set(e.files);
    this.buildSeconds.set(e.seconds);
  }

  stateUp(up: boolean): void {
    this.state.set(up ? 1 : 0);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
