import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CACHE_DIR } from '../helpers/paths.js';
import { startPglite, type PgliteServer } from '../helpers/pglite-server.js';
import { copyFixtureKnowledge, tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
let tmp: Awaited<ReturnType<typeof tempDir>>;
let db: PgliteServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  tmp = await tempDir();
  db = await startPglite();
  const knowledge = await copyFixtureKnowledge(tmp.dir);
  env = { ...process.env, KNOWLEDGE_DIR: knowledge, INDEX_DIR: `${tmp.dir}/index`, CACHE_DIR, LOG_LEVEL: 'warn', INDEX_BACKEND: 'postgres', DATABASE_URL: db.url };
});
afterAll(async () => {
  await db?.stop();
  await tmp?.cleanup();
});

describe('bin/aeo-bot against the database (INDEX_BACKEND=postgres)', () => {
  it('migrate applies the migrations once, index fills the database, ask answers from it', async () => {
    expect((await run(BIN, ['migrate'], { env, cwd: tmp.dir })).stdout).toBe('Applied migrations: 001_init, 002_bm25_candidates, 003_replica_facts, 004_sentence_centre.\n');
    expect((await run(BIN, ['migrate'], { env, cwd: tmp.dir })).stdout).toMatch(/up to date/);
    expect((await run(BIN, ['index'], { env, cwd: tmp.dir })).stdout).toMatch(/Index ready: \d+ chunks from 9 files.*postgres \(generation 1\)/);
    const { stdout } = await run(BIN, ['ask', '--json', 'Can a freight forwarder become an AEO in Peru?'], { env, cwd: tmp.dir });
    const answer = JSON.parse(stdout) as { declined: boolean; citations: { source: string }[] };
    expect(answer.declined).toBe(false);
    expect(answer.citations.some((c) => c.source.startsWith('programmes/'))).toBe(true);
  }, 120_000);

  it('index --rebuild re-embeds every file; migrate without the postgres backend is a usage error', async () => {
    expect((await run(BIN, ['index', '--rebuild'], { env, cwd: tmp.dir })).stdout).toMatch(/generation 1\)/);
    const plain = { ...env, INDEX_BACKEND: 'embedded' };
    await expect(run(BIN, ['migrate'], { env: plain, cwd: tmp.dir })).rejects.toMatchObject({ stderr: expect.stringMatching(/INDEX_BACKEND=postgres/) });
  }, 120_000);
});
