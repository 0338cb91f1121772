// Bundles src/ into dist/main.mjs (dependencies stay external), so `npm start` runs plain Node:
// no TypeScript transpiling at start-up, which keeps cold start well under the 1.5 s target.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
