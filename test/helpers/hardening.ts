import { once } from 'node:events';
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

/** A PDF whose one content stream is `inflatedMb` MB of spaces, Flate-compressed (a decompression bomb). */
export async function pdfBomb(inflatedMb: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const block = Buffer.alloc(1 << 20, 0x20);
  for (let i = 0; i < inflatedMb; i++) if (!deflate.write(block)) await once(deflate, 'drain');
  deflate.end();
  await once(deflate, 'end');
  const stream = Buffer.concat(parts);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
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
  push(Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'));
  push(stream);
  push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  const xref = length;
  push(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
    + `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
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

export function median(xs: number[]): number {
  return percentile(xs, 0.5);
}
