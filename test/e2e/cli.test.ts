import { execFile, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CACHE_DIR } from '../helpers/paths.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
let tmp: Awaited<ReturnType<typeof tempDir>>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  tmp = await tempDir();
  const knowledge = await copyFixtureKnowledge(tmp.dir);
  env = { ...process.env, KNOWLEDGE_DIR: knowledge, INDEX_DIR: `${tmp.dir}/index`, CACHE_DIR, LOG_LEVEL: 'warn' };
  await run(BIN, ['index'], { env, cwd: tmp.dir });
});
afterAll(() => tmp.cleanup());

describe('bin/aeo-bot', () => {
  it('index reports what it built', async () => {
    const { stdout } = await run(BIN, ['index'], { env, cwd: tmp.dir });
    expect(stdout).toMatch(/Index ready: \d+ chunks from 9 files/);
  });

  it('ask prints a readable answer with sources', async () => {
    const { stdout } = await run(BIN, ['ask', 'Can a freight forwarder become an AEO in Peru?'], { env, cwd: tmp.dir });
    expect(stdout).toMatch(/freight forwarders \[1\]/);
    expect(stdout).toMatch(/Sources:\n {2}\[1\] Peru - Operador Económico Autorizado/);
  });

  it('ask --json prints one Answer as JSON on stdout only', async () => {
    const { stdout } = await run(BIN, ['ask', '--json', 'What is an MRA?'], { env, cwd: tmp.dir });
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ kind: 'curated', declined: false });
    expect(answer.citations[0].source).toBe('glossary.md');
  });

  it('ask --jsonl answers every stdin line in order, errors included', async () => {
    const child = spawn(BIN, ['ask', '--jsonl'], { env, cwd: tmp.dir });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stdin.end('Who grants AEO status?\n\nCan you write me a poem about cats?\nWhat benefits does an AEO get?\n');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].kind).toBe('curated');
    expect(lines[1].error.code).toBe('QUESTION_EMPTY');
    expect(lines[2].declined).toBe(true);
    expect(lines[3].answer).toMatch(/inspections/);
  });

  it('eval prints the metrics the dev set defines', async () => {
    const file = `${tmp.dir}/mini.jsonl`;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, [
      JSON.stringify({ id: 'a', question: 'Can a freight forwarder become an AEO in Peru?', expected_facts: ['freight forwarders', 'SUNAT-not-there'], should_decline: false, lang: 'en' }),
      JSON.stringify({ id: 'b', question: 'Can you write me a poem about cats?', expected_facts: [], should_decline: true, lang: 'en' }),
    ].join('\n'));
    const { stdout } = await run(BIN, ['eval', '--file', file, '--json'], { env, cwd: tmp.dir });
    const report = JSON.parse(stdout);
    expect(report.overall).toMatchObject({ n: 2, factRecall: 0.5, answeredRate: 1, citedRate: 1, declineAccuracy: 1 });
  });

  it('exits non-zero with a clear message when the knowledge folder is missing', async () => {
    const err = await run(BIN, ['index'], { env: { ...env, KNOWLEDGE_DIR: `${tmp.dir}/missing` }, cwd: tmp.dir }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/KNOWLEDGE_MISSING|does not exist/);
  });
});

describe('bin/aeo-bot from another folder', () => {
  it('reads its cache from the project and writes nothing into the current folder', async () => {
    const elsewhere = await tempDir();
    try {
      const { CACHE_DIR: _cache, ...rest } = env;
      await run(BIN, ['index'], { env: rest, cwd: elsewhere.dir });
      expect(await readdir(elsewhere.dir)).toEqual([]);
    } finally {
      await elsewhere.cleanup();
    }
  });

  it('resolves relative INDEX_DIR against AEO_HOME', async () => {
    const home = await tempDir();
    try {
      await run(BIN, ['index'], { env: { ...env, AEO_HOME: home.dir, INDEX_DIR: 'idx' }, cwd: tmp.dir });
      expect(await readdir(join(home.dir, 'idx'))).toContain('CURRENT');
    } finally {
      await home.cleanup();
    }
  });
});

describe('bin/aeo-bot usage and file errors', () => {
  it('an unknown flag exits 2 with the command usage on stderr', async () => {
    const err = await run(BIN, ['ask', '--jsno', 'What is an MRA?'], { env, cwd: tmp.dir }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stdout).toBe('');
    expect(err.stderr).toMatch(/aeo-bot ask: Unknown option '--jsno'[\s\S]*Usage: aeo-bot ask/);
  });

  it('eval --file of a missing file says so in plain words with a stable code, no JSON', async () => {
    const err = await run(BIN, ['eval', '--file', 'missing.jsonl', '--json'], { env, cwd: tmp.dir }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stdout).toBe('');
    expect(err.stderr).toBe('aeo-bot eval: cannot read missing.jsonl: no such file or folder (FILE_NOT_FOUND)\n');
  });
});

describe('bin/aeo-bot chat', () => {
  it('walks the eligibility check interactively, numbers picking options', async () => {
    const child = spawn(BIN, ['chat'], { env, cwd: tmp.dir });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stdin.end('check my eligibility\n2\n1\nyes\nyes\nno\nyes\nyes\n');
    expect(await new Promise((r) => child.on('close', r))).toBe(0);
    expect(out).toContain('Question 1 of 7');
    expect(out).toMatch(/1\) Importer/);
    expect(out).toContain('Your AEO self-check result (Exporter, Peru)');
    expect(out).toMatch(/Gaps to close before applying: solvency|Gaps to close before applying: financial solvency/);
  });
});
