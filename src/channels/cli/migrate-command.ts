import type { Command } from './command.js';

/** `aeo-bot migrate`: applies the repo's database migrations (INDEX_BACKEND=postgres); running it again is a no-op. */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply the database migrations (INDEX_BACKEND=postgres, DATABASE_URL); safe to run again',
  usage: ['migrate'],
  options: {},
  async run({ io, services }) {
    const applied = await (await services()).migrate();
    io.stdout.write(applied.length ? `Applied migrations: ${applied.join(', ')}.\n` : 'The database is up to date: no migration to apply.\n');
    return 0;
  },
};
