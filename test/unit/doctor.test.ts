import { execFile } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPath, supportedNode } from '../../scripts/doctor-checks.mjs';
import { BIN, REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
const DOCTOR = join(REPO, 'scripts/doctor.mjs');
let tmp: Awaited<ReturnType<typeof tempDir>>;
let bin: string;

/** A folder standing in for PATH: the real node, bash and coreutils bin/aeo-bot uses, and fake build tools. */
beforeAll(async () => {
  tmp = await tempDir();
  bin = join(tmp.dir, 'bin');
  await mkdir(bin);
  const real = (name: string) => onPath(name) ?? `/usr/bin/${name}`;
  await symlink(process.execPath, join(bin, 'node'));
  for (const name of ['bash', 'readlink', 'dirname']) await symlink(real(name), join(bin, name));
  for (const name of ['npm', 'python3', 'make', 'g++']) await fake(name);
});
afterAll(() => tmp.cleanup());

async function fake(name: string): Promise<void> {
  await writeFile(join(bin, name), '#!/bin/sh\nexit 0\n');
  await chmod(join(bin, name), 0o755);
}

async function doctor(args: string[], cmd = process.execPath, first: string[] = [DOCTOR]) {
  return run(cmd, [...first, ...args], { env: { PATH: bin } }).then((r) => ({ ...r, code: 0 }), (e) => ({ stdout: e.stdout as string, stderr: e.stderr as string, code: e.code as number }));
}

describe('doctor', () => {
  it('on a PATH without redis-server and chromium says what is missing, one line each, and exits 1', async () => {
    const r = await doctor([]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines).toContainEqual(expect.stringMatching(/^MISSING +redis-server +.*sudo apt-get install -y redis-server$/));
    expect(lines).toContainEqual(expect.stringMatching(/^MISSING +chromium +.*headless Debian chromium.*sudo apt-get install -y chromium$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ok +g\+\+ +\//));
    expect(lines).toContainEqual(expect.stringMatching(/^ok +hnswlib-node +native addon loads$/));
    expect(lines.at(-1)).toBe('2 missing (for test): redis-server, chromium');
  });

  it('names the build tools npm ci needs when they are missing', async () => {
    const bare = join(tmp.dir, 'bare');
    await mkdir(bare);
    const r = await run(process.execPath, [DOCTOR, '--for', 'build'], { env: { PATH: bare } }).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^MISSING +python3 +npm ci compiles hnswlib-node with node-gyp, which needs python3\. .*apt-get install -y python3$/m);
    expect(r.stdout).toMatch(/^MISSING +g\+\+ +/m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('4 missing (for build): npm, python3, make, g++');
  });

  it('passes once they are there; bin/aeo-bot doctor gives the same lines', async () => {
    await fake('redis-server');
    await fake('chromium');
    const r = await doctor(['--for=test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok +redis-server +\S+\/bin\/redis-server\nok +chromium +\S+\nall 2 checks passed\n$/);
    const viaCli = await doctor(['doctor', '--for', 'test'], join(dirname(BIN), 'aeo-bot'), []);
    expect(viaCli.code).toBe(0);
    expect(viaCli.stdout).toBe(r.stdout);
  });

  it('the checks module does nothing when run or bundled (the service bundle includes it)', async () => {
    const r = await run(process.execPath, [join(REPO, 'scripts/doctor-checks.mjs'), 'serve'], { env: { PATH: bin } });
    expect(r).toMatchObject({ stdout: '', stderr: '' });
  });

  it('refuses an unknown option with exit 2', async () => {
    expect((await doctor(['--jsno'])).code).toBe(2);
  });

  it('supports Node 20.19+, 22.12+ and 24+', () => {
    expect(['v20.19.0', 'v20.20.2', 'v22.12.0', 'v24.1.0', 'v26.10.0'].map(supportedNode)).toEqual([true, true, true, true, true]);
    expect(['v18.20.0', 'v20.11.0', 'v21.7.0', 'v22.11.0', 'v23.1.0'].map(supportedNode)).toEqual([false, false, false, false, false]);
  });
});
