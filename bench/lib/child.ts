import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_DIR, REPO, TSX_LOADER } from './paths.js';

/** Runs a bench worker (TypeScript, through tsx) in its own process; resolves with the JSON it prints last. */
export async function runWorker<T>(script: string, args: string[], opts: { timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<T> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', TSX_LOADER, script, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => {
    err += String(d);
    process.stderr.write(d);
  });
  const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearTimeout(timer);
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(last) as T;
}

/** Peak resident set size (VmHWM) of a live process, in MB. */
export async function peakRssMb(pid: number | undefined): Promise<number> {
  if (!pid) return NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Resets this process's peak RSS (VmHWM) to its current RSS (Linux 4.0+: "5" to /proc/self/clear_refs). */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export async function rssMb(pid: number | undefined): Promise<number> {
  if (!pid) return NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** CPU time (user + system) a live process has used, in ms (Linux clock ticks of 10 ms). */
export async function cpuMs(pid: number | undefined): Promise<number> {
  if (!pid) return NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime); the slice starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface ServiceProcess {
  base: string;
  proc: ChildProcess;
  /** Spawn to /readyz 200, in ms. */
  readyMs: number;
  /** CPU time the process had used when /readyz first answered 200: start-up cost without waiting for a busy CPU. */
  readyCpuMs: number;
  logFile: string;
  stop(): Promise<void>;
}

/** The node flags of `npm start` (package.json), so the bench runs the service as production does. */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').split(/\s+/);
  return words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
}

/**
 * The real service as its own process on a loopback port (PORT=0: the port is read from its log), with a built
 * index. `entry` is the esbuild bundle `npm start` runs, or src/main.ts through tsx when there is no bundle; both
 * with the node flags of `npm start` (the previous tree's bundle too, so a ratio compares code, not flags).
 * Logs go to a file (not a pipe this process would have to drain while it generates load).
 */
export async function startService(opts: { entry: string; env: Record<string, string>; logDir: string; name: string; timeoutMs?: number }): Promise<ServiceProcess> {
  const logFile = join(opts.logDir, `${opts.name}.log`);
  const fd = openSync(logFile, 'w');
  const flags = startNodeFlags();
  const args = opts.entry.endsWith('.ts') ? [...flags, '--import', TSX_LOADER, opts.entry, 'serve'] : [...flags, opts.entry, 'serve'];
  const started = performance.now();
  const proc = spawn(process.execPath, args, {
    cwd: REPO,
    // The question log in the run's folder: the project's data/question-log.jsonl grows with every run and its
    // size would change what a start reads.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', CACHE_DIR, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info',
      QUESTION_LOG_FILE: join(opts.logDir, `${opts.name}-question-log.jsonl`), ...opts.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const until = Date.now() + (opts.timeoutMs ?? 120_000);
  let base = '';
  let readyMs = NaN;
  let readyCpuMs = NaN;
  try {
    while (!base) {
      const m = /"port":(\d+)/.exec(await readFile(logFile, 'utf8').catch(() => ''));
      if (m) base = `http://127.0.0.1:${m[1]}`;
      else await checkAlive(proc, logFile, until, 5);
    }
    for (;;) {
      const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      if (ok) {
        readyMs = performance.now() - started;
        readyCpuMs = await cpuMs(proc.pid);
        break;
      }
      await checkAlive(proc, logFile, until, 5);
    }
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  return {
    base, proc, readyMs, readyCpuMs, logFile,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

async function checkAlive(proc: ChildProcess, logFile: string, until: number, waitMs: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null || Date.now() > until) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    throw new Error(`service ${proc.exitCode !== null ? `exited (${proc.exitCode})` : 'did not become ready'}: ${log.trim().split('\n').slice(-5).join(' | ')}`);
  }
  await new Promise((r) => setTimeout(r, waitMs));
}
