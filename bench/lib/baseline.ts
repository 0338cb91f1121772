/**
 * The previous implementation, for old-vs-new ratios in one run: the committed tree at HEAD with the files the
 * performance work changed put back as they were at BASELINE_REV, and later performance commits (BASELINE_REVERTS)
 * reversed. Everything else (answering, data, knowledge) is
 * the same in both trees, so a difference in time or answers is theirs alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './paths.js';

/** The last commit before the typed-array BM25, the linear country finder and the per-file chunk metadata. */
export const BASELINE_REV = '0e9984f';

/** The files that commit had and the performance work rewrote (its new files are not imported by these). */
export const PERFORMANCE_FILES = [
  'src/search/bm25-index.ts', 'src/search/hybrid-retriever.ts', 'src/search/index-store.ts',
  'src/mra/country-resolver.ts', 'src/answering/curated-responder.ts', 'scripts/build.mjs',
  // The build worker that loaded its own word vectors and the fresh index (its store above has no freshBuild()).
  'src/search/build-worker.ts', 'src/search/worker-index-builder.ts',
];

/**
 * Later performance commits to files others keep editing (the answer engine, the question log, cue matching): the
 * old tree gets each one's src/ changes reversed (newest first), not the whole file as it was, so it keeps everyone
 * else's logic. A commit to one of PERFORMANCE_FILES is not listed: the old tree has that file as it was at
 * BASELINE_REV (9830734, the curated responder's glossary forms and FAQ candidates).
 */
export const BASELINE_REVERTS = [
  '64e74c8', '456d714', 'ee16f9d', '04ff24e', 'a9b7480', 'f7ab449', 'd618bab', '1768774', 'e0f747f', '03b0f5c',
  // Reversed last to first (the loop below reads the list backwards): these newest ones go first.
  '4401374', '39e1350', 'f4dab99', 'dae3940', '21c727f', 'dc13c4d', '7ffa814', '257892c', 'ace9792',
];

/**
 * Files the old tree takes as they were at a later commit than BASELINE_REV: the vector index before exact scans
 * (2f4115f and later), keeping the label-mapped filter (27d312a) the previous runs measured as the previous path.
 */
export const BASELINE_FILE_REVS: Record<string, string> = { 'src/search/vector-index.ts': '2f4115f^' };

/**
 * Functions a baseline file has but did not export, which files added since import from it (the database index's
 * snapshot imports documentFrequencies): exported in the old tree so its bundle builds; their code is the old one.
 */
const BASELINE_EXPORTS: Record<string, string[]> = { 'src/search/index-store.ts': ['documentFrequencies'] };

/**
 * Functions added to a baseline file since, which other files import (programme pages import withoutBareCodes, a
 * coverage rule, 0510235): copied from HEAD into the old file so its tree builds; no performance work is in them.
 */
const BASELINE_ADDITIONS: Record<string, string[]> = { 'src/mra/country-resolver.ts': ['withoutBareCodes'] };

/** The text of `export function name(...) {...}` in a file (up to the first line that is a lone closing brace). */
function functionText(file: string, name: string): string {
  const start = file.search(new RegExp(`export (async )?function ${name}\\b`));
  const end = file.indexOf('\n}\n', start);
  if (start < 0 || end < 0) throw new Error(`baseline: no function ${name} to copy`);
  return file.slice(start, end + 3);
}

const git = (args: string[]) => execFileSync('git', ['-C', REPO, ...args], { maxBuffer: 1 << 30 });

const IMPORT_LINE = /^(import\b.*|\s*)$/;

/**
 * A merge (diff3 style) whose every conflict is between sets of import lines (a later commit edited the line next to
 * an import the reverted one added) is resolved on the tree's imports: the lines the revert drops are dropped, the
 * ones it adds are added. Any other conflict: undefined.
 */
function resolveImports(text: string): string | undefined {
  let ok = true;
  const lines = (t: string) => t.split('\n').slice(0, -1);
  const conflict = /^<<<<<<< .*\n([\s\S]*?)^\|\|\|\|\|\|\| .*\n([\s\S]*?)^=======\n([\s\S]*?)^>>>>>>> .*\n/gm;
  const out = text.replace(conflict, (_m, ours: string, base: string, theirs: string) => {
    const [o, b, t] = [lines(ours), lines(base), lines(theirs)];
    if (![o, b, t].every((side) => side.every((l) => IMPORT_LINE.test(l)))) ok = false;
    const kept = o.filter((l) => !(b.includes(l) && !t.includes(l)));
    const added = t.filter((l) => !b.includes(l) && !kept.includes(l));
    return [...kept, ...added].map((l) => `${l}\n`).join('');
  });
  return ok ? out : undefined;
}

/**
 * Undoes commit `rev`'s changes to src/ in the tree at `dir` by a three-way merge per file (its result, the tree's
 * file, its parent's version), so later edits of the same files by others stay; a conflict fails the bench.
 */
async function revert(dir: string, rev: string): Promise<void> {
  const files = git(['diff', '--name-only', `${rev}^`, rev, '--', 'src']).toString('utf8').split('\n').filter(Boolean);
  for (const f of files) {
    const at = (r: string) => {
      try {
        return git(['show', `${r}:${f}`]);
      } catch {
        return undefined;
      }
    };
    const before = at(`${rev}^`);
    const after = at(rev);
    if (!before) {
      await rm(join(dir, f), { force: true });
      continue;
    }
    const tmp = await mkdtemp(join(tmpdir(), 'aeo-revert-'));
    try {
      await writeFile(join(tmp, 'after'), after ?? '');
      await writeFile(join(tmp, 'before'), before);
      let merged: string;
      try {
        const args = ['merge-file', '-p', '--diff3', join(dir, f), join(tmp, 'after'), join(tmp, 'before')];
        merged = execFileSync('git', args, { maxBuffer: 1 << 28 }).toString('utf8');
      } catch (err) {
        const e = err as Error & { stdout?: Buffer };
        const kept = e.stdout ? resolveImports(e.stdout.toString('utf8')) : undefined;
        const why = e.message.split('\n')[0];
        const at = `reverting ${rev} in ${f}`;
        if (kept === undefined) throw new Error(`${at} for the previous tree conflicts with later edits: ${why}`);
        merged = kept;
      }
      await writeFile(join(dir, f), merged);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
}

/** Writes the tree of `rev` (HEAD by default) to `dir`, optionally with PERFORMANCE_FILES from `baseline`. */
export async function checkoutTree(dir: string, opts: { baseline?: string; rev?: string } = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  execFileSync('tar', ['-x', '-C', dir], { input: git(['archive', opts.rev ?? 'HEAD']) });
  if (opts.baseline) {
    for (const f of PERFORMANCE_FILES) {
      const old = git(['show', `${opts.baseline}:${f}`]).toString('utf8');
      const names = (BASELINE_EXPORTS[f] ?? []).filter((n) => !new RegExp(`export (async )?function ${n}\\b`).test(old));
      const added = (BASELINE_ADDITIONS[f] ?? []).filter((n) => !new RegExp(`function ${n}\\b`).test(old));
      const head = added.length ? git(['show', `${opts.rev ?? 'HEAD'}:${f}`]).toString('utf8') : '';
      const extra = added.map((n) => `\n${functionText(head, n)}`).join('');
      await writeFile(join(dir, f), `${names.length ? `${old}\nexport { ${names.join(', ')} };\n` : old}${extra}`);
    }
    for (const rev of [...BASELINE_REVERTS].reverse()) await revert(dir, rev);
    for (const [f, rev] of Object.entries(BASELINE_FILE_REVS)) await writeFile(join(dir, f), git(['show', `${rev}:${f}`]));
  }
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  await symlink(join(REPO, '.aeo-cache'), join(dir, '.aeo-cache'));
  return dir;
}
