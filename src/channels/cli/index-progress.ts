import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { BuildProgress, ProgressListener } from '../../search/build-progress.js';

export interface ProgressReporter {
  listener: ProgressListener;
  /** Ends the bar (or the lines) whether the build finished or failed. */
  stop(): void;
}

const FORMAT = 'index [{bar}] {value}/{total} files | {chunks} chunks embedded | {phase} | time left {eta_formatted}';
const PHASES: Record<BuildProgress['phase'], string> = { scan: 'scanning', read: 'reading', index: 'building the indexes', done: 'done' };

/**
 * `bin/aeo-bot index`'s progress on stderr: a bar with files read, chunks embedded and time left on a terminal;
 * plain lines otherwise (CI logs, pipes), one at each tenth of the files and at each phase.
 */
export function indexProgress(stream: Writable & { isTTY?: boolean }, now: () => number = Date.now): ProgressReporter {
  return stream.isTTY ? barReporter(stream) : lineReporter(stream, now);
}

function barReporter(stream: Writable): ProgressReporter {
  const bar = new cliProgress.SingleBar({ stream, format: FORMAT, hideCursor: true, etaBuffer: 20, fps: 10, clearOnComplete: false }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    listener: (p) => {
      const payload = { chunks: p.chunksEmbedded, phase: PHASES[p.phase] };
      if (!started) {
        started = true;
        bar.start(p.filesTotal, p.filesRead, payload);
      } else bar.update(p.filesRead, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function lineReporter(stream: Writable, now: () => number): ProgressReporter {
  const started = now();
  let phase = '';
  let tenth = -1;
  return {
    listener: (p) => {
      const step = p.filesTotal ? Math.floor((10 * p.filesRead) / p.filesTotal) : 10;
      if (p.phase === phase && (p.phase !== 'read' || step === tenth)) return;
      phase = p.phase;
      tenth = step;
      const secs = ((now() - started) / 1000).toFixed(1);
      const reused = p.filesReused ? ` (${p.filesReused} unchanged)` : '';
      stream.write(`index: ${PHASES[p.phase]}: ${p.filesRead}/${p.filesTotal} files read${reused}, ${p.chunksEmbedded} chunks embedded, ${secs} s\n`);
    },
    stop: () => undefined,
  };
}
