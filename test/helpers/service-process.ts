import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, CACHE_DIR } from './paths.js';

export interface ServiceProcess {
  base: string;
  proc: ChildProcess;
  /** Log lines (pino JSON) written so far. */
  logs: Record<string, unknown>[];
  waitForLog(pred: (l: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  /** Sends a signal and resolves with the exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `bin/aeo-bot serve` as its own process (a replica), on a free loopback port; resolves once /readyz is ready. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const proc = spawn(BIN, ['serve'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CACHE_DIR, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let buf = '';
  proc.stderr!.on('data', (d: Buffer) => {
    buf += String(d);
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const waitForLog = async (pred: (l: Record<string, unknown>) => boolean, ms = 30_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const hit = logs.find(pred);
      if (hit) return hit;
      if (proc.exitCode !== null) throw new Error(`service exited (${proc.exitCode}): ${logs.map((l) => l.msg).join(' | ')}`);
      if (Date.now() > until) throw new Error(`service log not seen; logs: ${logs.map((l) => l.msg).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const listening = await waitForLog((l) => /listening on http:/.test(String(l.msg)));
  const base = `http://127.0.0.1:${String(listening.port)}`;
  await waitForLog((l) => l.msg === 'ready' || /^not ready/.test(String(l.msg)), 60_000);
  return {
    base, proc, logs, waitForLog,
    async kill(signal = 'SIGTERM') {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}
