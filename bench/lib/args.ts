import { resolve } from 'node:path';
import { REPO } from './paths.js';

export type Section = 'quality' | 'scale' | 'engine' | 'service' | 'postgres';
export const SECTIONS: Section[] = ['quality', 'scale', 'engine', 'service'];
/** Run only when named with --only: the database backend bench (bench/postgres.ts) has a budget of its own. */
const OPT_IN: Section[] = ['postgres'];

export interface BenchOptions {
  /** Where bench.md and the SVG charts go. */
  out: string;
  quick: boolean;
  /** Runs per figure: the median is reported with min and max. */
  runs: number;
  /** Synthetic corpus sizes (chunks) for speed vs size. */
  sizes: number[];
  /** Concurrency levels of the HTTP load tests. */
  concurrency: number[];
  /** Seconds per autocannon run. */
  loadSeconds: number;
  /** Sections to run (all by default). */
  only: Section[];
}

const USAGE = `usage: npm run bench -- [--quick] [--out <dir>] [--runs <n>] [--sizes 1000,10000] [--only quality,scale,engine,service|postgres]
  --quick   fewer runs (2), sizes 1k and 10k, shorter load tests: a smoke check in under ~3 minutes
  --out     output folder for bench.md and the SVG charts (default reports/)`;

export function parseArgs(argv: string[]): BenchOptions {
  let out = 'reports';
  let quick = false;
  let runs: number | undefined;
  let sizes: number[] | undefined;
  let only: Section[] = SECTIONS;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--quick') quick = true;
    else if (a === '--out') out = value();
    else if (a?.startsWith('--out=')) out = a.slice('--out='.length);
    else if (a === '--runs') runs = positiveInt(value(), '--runs');
    else if (a === '--sizes') sizes = value().split(',').map((s) => positiveInt(s, '--sizes'));
    else if (a === '--only') only = value().split(',').map((s) => section(s));
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return {
    out: resolve(REPO, out),
    quick,
    runs: runs ?? (quick ? 2 : 5),
    sizes: sizes ?? (quick ? [1_000, 10_000] : [1_000, 10_000, 50_000, 200_000]),
    concurrency: [1, 4, 16, 64, 128],
    loadSeconds: quick ? 2 : 3,
    only,
  };
}

function positiveInt(s: string, name: string): number {
  const n = Number(s.replace(/_/g, '').replace(/k$/i, '000'));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: expected a positive integer, got "${s}"`);
  return n;
}

function section(s: string): Section {
  if (![...SECTIONS, ...OPT_IN].includes(s as Section)) throw new Error(`--only: unknown section "${s}" (one of ${[...SECTIONS, ...OPT_IN].join(', ')})`);
  return s as Section;
}
