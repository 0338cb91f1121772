// Bundles src/ into dist/main.mjs (and the index build worker), so `npm start` runs plain Node: no TypeScript
// transpiling and no resolution of hundreds of package files at start-up (importing express, Bolt and their
// dependencies from node_modules cost most of the cold start). Dependencies are bundled, except:
// - native addons, which load a .node binary from their package folder (hnswlib-node);
// - optional SDKs that only load when their channel or provider is configured, and read files of their own
//   package at run time (Teams' botbuilder, the LangChain model providers, pdf.js through unpdf): bundling them buys no
//   start-up time, only the risk of a difference.
// Code splitting keeps optional channels in chunks that load only when the channel is on.
// `npm start` runs this first (prestart); it returns at once when dist/ was built from the current sources.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

const EXTERNAL = ['hnswlib-node', 'botbuilder', 'botbuilder-*', 'botframework-*', '@langchain/openai', '@langchain/anthropic', '@langchain/ollama', 'langchain', 'unpdf'];
const STAMP = 'dist/.build-stamp';
const force = process.argv.includes('--force');

/** Every input of the bundle (sources, this script, the dependency lock) by path, size and modification time. */
function fingerprint() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        h.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk('src');
  for (const f of ['scripts/build.mjs', 'package.json', 'package-lock.json']) {
    if (existsSync(f)) h.update(`${f}\0${readFileSync(f)}\n`);
  }
  return h.digest('hex');
}

const current = fingerprint();
if (!force && existsSync('dist/main.mjs') && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === current) process.exit(0);

await rm('dist', { recursive: true, force: true });
await build({
  // The index build worker is its own entry: the service starts it as dist/build-worker.mjs.
  entryPoints: { main: 'src/main.ts', 'build-worker': 'src/search/build-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS packages call require() (for Node built-ins too): ESM output gets a real one.
  banner: { js: "import { createRequire as __aeoCreateRequire } from 'node:module'; const require = __aeoCreateRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
writeFileSync(STAMP, current);
