/**
 * The previous implementation, for old-vs-new ratios in one run: the committed tree at HEAD with the files the
 * performance work changed put back as they were at BASELINE_REV, and later performance commits (BASELINE_REVERTS)
 * reversed. Everything else (answering, data, knowledge) is
 * the same in both trees, so a difference in time or answers is theirs alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './paths.js';

/** The last commit before the typed-array BM25, the linear country finder and the per-file chunk metadata. */
export const BASELINE_REV = '0e9984f';

/** The files that commit had and the performance work rewrote (its new files are not imported by these). */
export const PERFORMANCE_FILES = [
  'src/search/bm25-index.ts', 'src/search/hybrid-retriever.ts', 'src/search/index-store.ts',
  'src/mra/country-resolver.ts', 'scripts/build.mjs',
  // The build worker that loaded its own word vectors and the fresh index (its store above has no freshBuild()).
  'src/search/build-worker.ts', 'src/search/worker-index-builder.ts',
];

/**
 * Later performance commits to files others keep editing (the answer engine, the curated responder, the question
 * log, cue matching): the old tree gets each one's src/ changes reversed (newest first), not the whole file as it
 * was, so it keeps everyone else's logic. Their changes to PERFORMANCE_FILES are left alone: those files are as
 * they were at BASELINE_REV already. Not undone: 25755a5's analysis of the FAQ questions once per index, which
 * abbbfd0's definition matching is built on; the old tree is that much faster than the previous implementation
 * was, so the ratios understate the gain.
 */
export const BASELINE_REVERTS = [
  '64e74c8', '456d714', 'ee16f9d', '04ff24e', 'a9b7480', 'f7ab449', 'd618bab', '1768774', 'e0f747f', '03b0f5c',
  // Reversed last to first (the loop below reads the list backwards): these newest ones go first.
  '4401374', '39e1350', 'f4dab99', 'dae3940', '21c727f', 'dc13c4d', '7ffa814', '9830734', '257892c', 'ace9792',
  // 0569d0a (one wordPattern() in cues.ts) is no performance work, but edits lines 03b0f5c's revert needs as they
  // were; b34e833 puts ace9792's and the evidence scorer's per-chunk caches in one module (answering/chunk-text.ts);
  // 4066999 the curated FAQ index's stem lists.
  '0569d0a', 'b34e833', '4066999',
  // Cue evidence and specificity without a pattern per cue (cue-sequence.ts); 1f32d4e edits its index's lines.
  '57aeb54', '1f32d4e',
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

/**
 * One-line constants that code added since uses in a file the reverts above give back its old shape (2130aaf's
 * NearMatcher uses cues.ts's module-level `bounded`, which the old CueMatcher kept inside its constructor): copied
 * from HEAD to the end of the old file when it has none of that name.
 */
const REVERTED_ADDITIONS: Record<string, string[]> = { 'src/understanding/cues.ts': ['bounded'] };

/** The text of `export function name(...) {...}` in a file (up to the first line that is a lone closing brace). */
function functionText(file: string, name: string): string {
  const start = file.search(new RegExp(`export (async )?function ${name}\\b`));
  const end = file.indexOf('\n}\n', start);
  if (start < 0 || end < 0) throw new Error(`baseline: no function ${name} to copy`);
  return file.slice(start, end + 3);
}

const git = (args: string[]) => execFileSync('git', ['-C', REPO, ...args], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });

const IMPORT_LINE = /^(import\b.*|\s*)$/;

/**
 * A merge (diff3 style) whose every conflict is one of two kinds is resolved; any other conflict: undefined.
 * - Sets of import lines (a later commit edited the line next to an import the reverted one added): the lines the
 *   revert drops are dropped, the ones it adds are added.
 * - The tree's side holds the reverted commit's lines whole, with lines a later commit added next to them (2130aaf
 *   put NearMatcher just above 03b0f5c's warmCues): those lines are replaced by the revert's, the added ones stay.
 */
function resolveConflicts(text: string): string | undefined {
  let ok = true;
  const lines = (t: string) => t.split('\n').slice(0, -1);
  const conflict = /^<<<<<<< .*\n([\s\S]*?)^\|\|\|\|\|\|\| .*\n([\s\S]*?)^=======\n([\s\S]*?)^>>>>>>> .*\n/gm;
  const out = text.replace(conflict, (_m, ours: string, base: string, theirs: string) => {
    const [o, b, t] = [lines(ours), lines(base), lines(theirs)];
    const at = b.length ? o.findIndex((_, i) => b.every((l, k) => o[i + k] === l)) : -1;
    if (at >= 0) return [...o.slice(0, at), ...t, ...o.slice(at + b.length)].map((l) => `${l}\n`).join('');
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
  // A PERFORMANCE_FILES file is already as it was at BASELINE_REV: nothing of a later commit to undo there.
  const files = git(['diff', '--name-only', `${rev}^`, rev, '--', 'src']).toString('utf8').split('\n')
    .filter((f) => f && !PERFORMANCE_FILES.includes(f));
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
        const kept = e.stdout ? resolveConflicts(e.stdout.toString('utf8')) : undefined;
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
    for (const [f, names] of Object.entries(REVERTED_ADDITIONS)) {
      const old = await readFile(join(dir, f), 'utf8');
      const head = git(['show', `${opts.rev ?? 'HEAD'}:${f}`]).toString('utf8');
      const missing = names.filter((n) => !new RegExp(`^(const|function) ${n}\\b`, 'm').test(old));
      const lines = missing.map((n) => {
        const line = head.split('\n').find((l) => l.startsWith(`const ${n} = `));
        if (!line) throw new Error(`baseline: no one-line const ${n} in ${f} to copy`);
        return line;
      });
      if (lines.length) await writeFile(join(dir, f), `${old}\n${lines.join('\n')}\n`);
    }
    for (const [f, rev] of Object.entries(BASELINE_FILE_REVS)) await writeFile(join(dir, f), git(['show', `${rev}:${f}`]));
  }
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  // A clean clone has no cache yet: a link to nothing would fail the tree's first write to it.
  await mkdir(join(REPO, '.aeo-cache'), { recursive: true });
  await symlink(join(REPO, '.aeo-cache'), join(dir, '.aeo-cache'));
  return dir;
}
