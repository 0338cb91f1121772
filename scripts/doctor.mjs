// `npm run doctor [-- --for build,run,test]`: one line per prerequisite, exit 1 when any is missing. Runs before
// `npm ci` (plain Node, no dependencies); `bin/aeo-bot doctor` runs the same checks.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDoctor } from './doctor-checks.mjs';

let groups;
try {
  const { values } = parseArgs({ options: { for: { type: 'string' } }, strict: true });
  groups = values.for?.split(',').map((g) => g.trim());
  if (groups?.some((g) => !['build', 'run', 'test'].includes(g))) throw new Error(`unknown group in ${values.for}`);
} catch (err) {
  process.stderr.write(`doctor: ${err.message}\nUsage: npm run doctor -- [--for build,run,test]\n`);
  process.exit(2);
}
process.exitCode = runDoctor({ root: resolve(dirname(fileURLToPath(import.meta.url)), '..'), write: (s) => process.stdout.write(s), ...(groups ? { groups } : {}) });
