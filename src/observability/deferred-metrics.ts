import type { Metrics } from './metrics.js';

type Call = { [K in keyof Metrics]: [K, Parameters<Metrics[K]>] }[keyof Metrics];

/**
 * Metrics whose implementation arrives later: calls are kept (bounded) and replayed when it is attached, so loading
 * prom-client (~0.1 s) can wait until the service is ready instead of delaying its start.
 */
export class DeferredMetrics implements Metrics {
  private target: Metrics | undefined;
  private readonly pending: Call[] = [];

  constructor(private readonly maxPending = 10_000) {}

  attach(target: Metrics): void {
    this.target = target;
    for (const [name, args] of this.pending.splice(0)) (target[name] as (...a: unknown[]) => void)(...args);
  }

  private call(c: Call): void {
    if (this.target) (this.target[c[0]] as (...a: unknown[]) => void)(...c[1]);
    else if (this.pending.length < this.maxPending) this.pending.push(c);
  }

  answered(...a: Parameters<Metrics['answered']>): void { this.call(['answered', a]); }
  failed(...a: Parameters<Metrics['failed']>): void { this.call(['failed', a]); }
  feedback(...a: Parameters<Metrics['feedback']>): void { this.call(['feedback', a]); }
  llmFallback(...a: Parameters<Metrics['llmFallback']>): void { this.call(['llmFallback', a]); }
  llmGenerated(...a: Parameters<Metrics['llmGenerated']>): void { this.call(['llmGenerated', a]); }
  indexBuilt(...a: Parameters<Metrics['indexBuilt']>): void { this.call(['indexBuilt', a]); }
  stateUp(...a: Parameters<Metrics['stateUp']>): void { this.call(['stateUp', a]); }
}
