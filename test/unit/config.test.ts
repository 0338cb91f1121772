import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

describe('loadConfig', () => {
  it('works with no configuration at all', () => {
    expect(loadConfig({})).toMatchObject({ KNOWLEDGE_DIR: 'knowledge', INDEX_DIR: '.aeo-index', PORT: 3978 });
  });
  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MIN_CONFIDENCE: '2' })).toThrow(/MIN_CONFIDENCE/);
  });
  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3978);
  });
});

describe('loadConfig with the project folder', () => {
  const root = '/srv/aeo-bot';

  it('resolves relative paths against the project folder, not the current one', () => {
    const c = loadConfig({}, { root });
    expect(c).toMatchObject({ KNOWLEDGE_DIR: `${root}/knowledge`, INDEX_DIR: `${root}/.aeo-index`, CACHE_DIR: `${root}/.aeo-cache`, FEEDBACK_FILE: `${root}/data/feedback.jsonl` });
  });

  it('resolves them against AEO_HOME when set, and keeps absolute paths', () => {
    const c = loadConfig({ AEO_HOME: '/var/lib/aeo', INDEX_DIR: 'idx', CACHE_DIR: '/cache' }, { root });
    expect(c).toMatchObject({ KNOWLEDGE_DIR: '/var/lib/aeo/knowledge', INDEX_DIR: '/var/lib/aeo/idx', CACHE_DIR: '/cache' });
  });
});

describe('.env', () => {
  it('is read from AEO_HOME (else the project folder), not from the current folder', async () => {
    const { execFile } = await import('node:child_process');
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tempDir } = await import('../helpers/tmp.js');
    const { REPO } = await import('../helpers/paths.js');
    const tmp = await tempDir();
    try {
      const [home, cwd] = [join(tmp.dir, 'home'), join(tmp.dir, 'cwd')];
      await mkdir(home);
      await mkdir(cwd);
      await writeFile(join(home, '.env'), 'PORT=4321\nINDEX_DIR=idx\n');
      await writeFile(join(cwd, '.env'), 'PORT=9999\n');
      const script = `import { loadConfig } from ${JSON.stringify(join(REPO, 'src/config/load-config.ts'))};
        const c = loadConfig(undefined, { root: '/nowhere' }); console.log(JSON.stringify([c.PORT, c.INDEX_DIR]));`;
      const out = await new Promise<string>((resolve, reject) => execFile(process.execPath,
        ['--import', join(REPO, 'node_modules/tsx/dist/esm/index.mjs'), '--input-type=module', '-e', script],
        { cwd, env: { PATH: process.env.PATH ?? '', AEO_HOME: home } }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
      expect(JSON.parse(out)).toEqual([4321, join(home, 'idx')]);
    } finally {
      await tmp.cleanup();
    }
  });
});
