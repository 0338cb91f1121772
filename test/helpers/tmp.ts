import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_KNOWLEDGE } from './paths.js';

/** A temporary folder removed by the returned cleanup. */
export async function tempDir(prefix = 'aeo-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A private copy of the fixture corpus that a test may change. */
export async function copyFixtureKnowledge(into: string): Promise<string> {
  const dest = join(into, 'knowledge');
  await cp(FIXTURE_KNOWLEDGE, dest, { recursive: true });
  return dest;
}
