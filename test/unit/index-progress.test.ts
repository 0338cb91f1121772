import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexProgress } from '../../src/channels/cli/index-progress.js';
import { throttled, type BuildProgress } from '../../src/search/build-progress.js';
import { BIN, CACHE_DIR } from '../helpers/paths.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';

/** A stream that records what is written; `tty` makes it look like a terminal (cursor moves are escape codes). */
function sink(tty: boolean): Writable & { text: () => string; isTTY?: boolean; columns?: number } {
  const chunks: string[] = [];
  const s = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }) as Writable & { text: () => string; isTTY?: boolean; columns?: number };
  s.text = () => chunks.join('');
  if (tty) Object.assign(s, { isTTY: true, columns: 160, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return s;
}

const build = (total: number): BuildProgress[] => [
  { phase: 'read', filesRead: 0, filesTotal: total, chunksEmbedded: 0, filesReused: 0 },
  ...Array.from({ length: total }, (_, i): BuildProgress => ({ phase: 'read', filesRead: i + 1, filesTotal: total, chunksEmbedded: 3 * (i + 1), filesReused: 0 })),
  { phase: 'index', filesRead: total, filesTotal: total, chunksEmbedded: 3 * total, filesReused: 0 },
  { phase: 'done', filesRead: total, filesTotal: total, chunksEmbedded: 3 * total, filesReused: 0 },
];

describe('bin/aeo-bot index progress', () => {
  it('on a terminal: a bar with files read, chunks embedded and time left', async () => {
    const out = sink(true);
    const p = indexProgress(out);
    for (const step of build(40)) {
      p.listener(step);
      await new Promise((r) => setTimeout(r, 2));
    }
    p.stop();
    const text = out.text();
    expect(text).toMatch(/index \[[█░]+\] 40\/40 files \| 120 chunks embedded \| done \| time left \d+s/);
    expect(text).toContain('\u001b[');
    expect(text).not.toMatch(/^index: /m);
  });

  it('otherwise: plain lines, one per tenth of the files and per phase', () => {
    const out = sink(false);
    let t = 0;
    const p = indexProgress(out, () => (t += 100));
    for (const step of build(200)) p.listener(step);
    p.stop();
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^index: reading: 0\/200 files read, 0 chunks embedded, \d+\.\d s$/);
    expect(lines.filter((l) => /^index: reading: 100\/200 files read, 300 chunks embedded, \d+\.\d s$/.test(l))).toHaveLength(1);
    expect(lines.at(-2)).toMatch(/^index: building the indexes: 200\/200 files read, 600 chunks embedded/);
    expect(lines.at(-1)).toMatch(/^index: done: 200\/200/);
    expect(lines.length).toBeLessThanOrEqual(13);
    expect(out.text()).not.toContain('\u001b[');
  });

  it('the worker posts progress at most every 100 ms, the edges of each phase always', () => {
    const seen: BuildProgress[] = [];
    let t = 0;
    const tell = throttled((p) => seen.push(p), 100, () => t);
    for (const step of build(1000)) {
      t += 1;
      tell(step);
    }
    expect(seen.length).toBeLessThan(20);
    expect(seen.map((p) => p.phase)).toEqual(expect.arrayContaining(['read', 'index', 'done']));
    expect(seen.find((p) => p.phase === 'read' && p.filesRead === 1000)).toBeDefined();
  });
});

describe('bin/aeo-bot index through the build worker (not a terminal)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp?.cleanup());

  it('prints progress lines on stderr, the result alone on stdout; an unchanged index prints no progress', async () => {
    const knowledge = await copyFixtureKnowledge(tmp.dir);
    await writeFile(`${knowledge}/broken.md`, '---\ntitle: never closed\n');
    const env = { ...process.env, KNOWLEDGE_DIR: knowledge, INDEX_DIR: `${tmp.dir}/index`, CACHE_DIR, LOG_LEVEL: 'silent' };
    const run = promisify(execFile);
    const first = await run(BIN, ['index'], { env, cwd: tmp.dir });
    expect(first.stdout).toMatch(/^Index ready: \d+ chunks from 9 files, 1 skipped/);
    const lines = first.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^index: reading: 0\/10 files read, 0 chunks embedded/);
    expect(lines.at(-1)).toMatch(/^index: done: 10\/10 files read, \d+ chunks embedded, \d+\.\d s$/);
    const again = await run(BIN, ['index'], { env, cwd: tmp.dir });
    expect(again.stderr).toBe('');
  }, 60_000);
});
