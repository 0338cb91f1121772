/** The part of autocannon's (untyped) programmatic API the bench uses. */
declare module 'autocannon' {
  export interface Histogram { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number; p99_9: number }
  export interface AutocannonRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest | undefined }
  export interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    pipelining?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: AutocannonRequest[];
    setupClient?: (client: unknown) => void;
    sampleInt?: number;
  }
  export interface AutocannonResult {
    latency: Histogram;
    requests: Histogram & { total: number; sent: number };
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    '2xx': number;
  }
  interface Instance extends Promise<AutocannonResult> {
    stop(): void;
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
  }
  function autocannon(opts: AutocannonOptions): Instance;
  export default autocannon;
}
