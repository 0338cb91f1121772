import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createDeflate } from 'node:zlib';

/**
 * Polls /healthz back to back while `work` runs; resolves with the longest single wait (ms). A stalled event loop
 * shows as one long wait.
 */
export async function longestHealthWait<T>(base: string, work: () => Promise<T>): Promise<{ result: T; maxMs: number; probes: number }> {
  let stop = false;
  let maxMs = 0;
  let probes = 0;
  const probe = (async () => {
    while (!stop) {
      const t = performance.now();
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      maxMs = Math.max(maxMs, performance.now() - t);
      probes++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    const result = await work();
    return { result, maxMs, probes };
  } finally {
    stop = true;
    await probe;
  }
}

/** Polls /healthz every `everyMs` until stopped; `stop` resolves with every wait (ms). */
export function pollHealth(base: string, everyMs = 20): { stop: () => Promise<number[]> } {
  let on = true;
  const waits: number[] = [];
  const loop = (async () => {
    while (on) {
      const t = performance.now();
      await (await fetch(`${base}/healthz`)).arrayBuffer();
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      return waits;
    },
  };
}

/** A PDF whose one content stream is `inflatedMb` MB of spaces, Flate-compressed (a decompression bomb). */
export async function pdfBomb(inflatedMb: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const block = Buffer.alloc(1 << 20, 0x20);
  for (let i = 0; i < inflatedMb; i++) if (!deflate.write(block)) await once(deflate, 'drain');
  deflate.end();
  await once(deflate, 'end');
  return pdfWithContent(Buffer.concat(parts), ['FlateDecode']);
}

/** A page's text drawing operators for `text` (Helvetica, font /F1). */
export const textContent = (text: string) => Buffer.from(`BT /F1 12 Tf 72 720 Td (${text}) Tj ET`, 'latin1');

/**
 * A one-page PDF (with a Helvetica font, so its text can be read) whose content stream is `stream` as stored,
 * under `/Filter [filters]`; `dict` adds entries to the stream's dictionary, `trailer` to the trailer's.
 */
export function pdfWithContent(stream: Buffer, filters: string[], opts: { dict?: string; trailer?: string } = {}): Buffer {
  const filter = filters.length ? ` /Filter [${filters.map((f) => `/${f}`).join(' ')}]` : '';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
  ];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  const offsets: number[] = [];
  let length = chunks[0]!.length;
  const push = (b: Buffer) => {
    chunks.push(b);
    length += b.length;
  };
  objects.forEach((o, i) => {
    offsets.push(length);
    push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1'));
  });
  offsets.push(length);
  push(Buffer.from(`4 0 obj\n<< /Length ${stream.length}${filter}${opts.dict ?? ''} >>\nstream\n`, 'latin1'));
  push(stream);
  push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  offsets.push(length);
  push(Buffer.from('5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n', 'latin1'));
  const xref = length;
  push(Buffer.from(`xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
    + `trailer\n<< /Size 6 /Root 1 0 R${opts.trailer ?? ''} >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** An MRA registry of `n` distinct, valid arrangements, one flow mapping a line. */
export function bigRegistry(n: number): string {
  const lines = ['title: Big registry', 'as_of: 2026-11-01', 'sources: [test]', 'arrangements:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  - {id: a${i}, parties: [FR, DE], scope: bilateral, instrument: MRA ${i}, status: signed, confidence: high, sources: [s]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** p-th percentile (0..1) of samples. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0;
}

/** What an abusive client saw: how many responses of each status. */
export type StatusCounts = Record<number, number>;

/**
 * An abusive client in its own worker thread (its own event loop and connection pool, as another machine would be):
 * `connections` loops posting `question` to /api/ask as `client` (X-Forwarded-For) until stopped. `started`
 * resolves once its connections are about to send.
 */
export function startAbuser(base: string, opts: { connections: number; question: string; client: string }) {
  const code = `
    const { parentPort, workerData: { base, connections, question, client } } = require('node:worker_threads');
    let stop = false;
    const counts = {};
    parentPort.on('message', () => { stop = true; });
    const loop = async () => {
      while (!stop) {
        try {
          const res = await fetch(base + '/api/ask', {
            method: 'POST', body: JSON.stringify({ question }),
            headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
          });
          await res.arrayBuffer();
          counts[res.status] = (counts[res.status] || 0) + 1;
        } catch { counts[0] = (counts[0] || 0) + 1; }
      }
    };
    parentPort.postMessage('started');
    const loops = Array.from({ length: connections }, loop);
    Promise.all(loops).then(() => parentPort.postMessage(counts));`;
  const worker = new Worker(code, { eval: true, workerData: { base, ...opts } });
  const started = new Promise<void>((resolve) => worker.once('message', () => resolve()));
  return {
    started,
    async stop(): Promise<StatusCounts> {
      await started;
      const done = new Promise<StatusCounts>((resolve) => worker.once('message', (m: StatusCounts) => resolve(m)));
      worker.postMessage('stop');
      const counts = await done;
      await worker.terminate();
      return counts;
    },
  };
}

/** The calling thread's time on a CPU so far (ms), from Linux's schedstat; undefined elsewhere. */
export function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

export interface ThreadBlock {
  /** Wall time between two 1 ms timer turns, less the timer's own 1 ms. */
  wallMs: number;
  /** Of it, the time this thread spent on a CPU (wall time where schedstat is missing). */
  cpuMs: number;
}

/**
 * Records the longest blocks of this thread's event loop while `work` runs: a 1 ms timer re-armed each turn, and
 * for each gap the thread's own CPU time in it. A long synchronous step shows as CPU time; a thread that other
 * processes kept off the 2 cores shows a long wall gap with little CPU, which is not what a test here bounds.
 */
export async function longestBlocks<T>(
  work: () => Promise<T>,
): Promise<{ result: T; longest: ThreadBlock; byWall: ThreadBlock }> {
  let on = true;
  let lastWall = performance.now();
  let lastCpu = threadCpuMs();
  let longest: ThreadBlock = { wallMs: 0, cpuMs: 0 };
  let byWall: ThreadBlock = { wallMs: 0, cpuMs: 0 };
  const tick = () => {
    const wall = performance.now();
    const cpu = threadCpuMs();
    const block = { wallMs: Math.max(0, wall - lastWall - 1), cpuMs: 0 };
    block.cpuMs = cpu !== undefined && lastCpu !== undefined ? Math.min(block.wallMs, cpu - lastCpu) : block.wallMs;
    if (block.cpuMs > longest.cpuMs) longest = block;
    if (block.wallMs > byWall.wallMs) byWall = block;
    lastWall = wall;
    lastCpu = cpu;
    if (on) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  try {
    return { result: await work(), longest, byWall };
  } finally {
    on = false;
  }
}
