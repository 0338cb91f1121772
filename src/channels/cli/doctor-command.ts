import { runDoctor, type DoctorGroup } from '../../../scripts/doctor-checks.mjs';
import { stringOption, type Command } from './command.js';
import { usageError } from './run-cli.js';

const GROUPS: readonly DoctorGroup[] = ['build', 'run', 'test'];

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check what building, running and testing need (Node, build tools, redis-server, chromium)',
  usage: ['doctor [--for build,run,test]'],
  help: [
    '  --for G  only these groups: build (npm ci), run (the service, the CLI), test (npm test)',
    'One line per check; exit 1 when anything is missing. Before npm ci: npm run doctor.',
  ].join('\n'),
  options: { for: { type: 'string' } },
  async run({ values, io, root }) {
    const groups = stringOption(values, 'for')?.split(',').map((g) => g.trim());
    const unknown = groups?.filter((g) => !GROUPS.includes(g as DoctorGroup));
    if (unknown?.length) throw usageError(`unknown group ${unknown.join(', ')}: use build, run, test`);
    return runDoctor({ root, write: (line) => io.stdout.write(line), ...(groups ? { groups: groups as DoctorGroup[] } : {}) });
  },
};
