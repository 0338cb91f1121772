/** What the service counts. Channels and the engine report here; the Prometheus implementation is built in main.ts. */
export interface Metrics {
  answered(e: { channel: string; kind: string; declined: boolean; language: string; seconds: number }): void;
  failed(e: { channel: string; code: string }): void;
  feedback(e: { channel: string; helpful: boolean }): void;
  /** An LLM answer was replaced by the extractive one (timeout, provider error, bad citations...). */
  llmFallback(reason: string): void;
  llmGenerated(): void;
  indexBuilt(e: { chunks: number; files: number; seconds: number; ok: boolean }): void;
  /** Shared state (Redis) reachable or not. */
  stateUp(up: boolean): void;
}

const noop = () => undefined;

/** Counts nothing: for tests and tools that do not expose metrics. */
export const noopMetrics: Metrics = {
  answered: noop, failed: noop, feedback: noop, llmFallback: noop, llmGenerated: noop, indexBuilt: noop, stateUp: noop,
};
