// Bundles src/ into dist/main.mjs (dependencies stay external), so `npm start` runs plain Node:
// no TypeScript transpiling at start-up, which keeps cold start under the 1.5 s target. Code splitting keeps
// optional channels (and their heavy SDKs) in chunks that load only when the channel is on.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

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
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
