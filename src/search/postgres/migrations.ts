import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { Logger } from '../../logging/logger.js';
import { inTransaction } from './transaction.js';

/** Advisory lock keys (one per purpose), so two migrators or two indexers never run at once. */
export const LOCK_MIGRATE = 0x4145_4f01;
export const LOCK_INDEX = 0x4145_4f02;

export interface Migration { version: string; sql: string }

/** The repo's migrations (`migrations/NNN_name.sql`), in version order. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => /^\d+_[\w-]+\.sql$/.test(n)).sort();
  return Promise.all(names.map(async (n) => ({ version: n.replace(/\.sql$/, ''), sql: await readFile(join(dir, n), 'utf8') })));
}

/** Versions not applied yet (all of them on an empty database). */
export async function pendingMigrations(pool: Pool, migrations: Migration[]): Promise<string[]> {
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('aeo_migrations')::text AS t");
  if (!exists.rows[0]?.t) return migrations.map((m) => m.version);
  const done = new Set((await pool.query<{ version: string }>('SELECT version FROM aeo_migrations')).rows.map((r) => r.version));
  return migrations.filter((m) => !done.has(m.version)).map((m) => m.version);
}

/** Applies the pending migrations in one transaction under an advisory lock; running it again changes nothing. */
export async function migrate(pool: Pool, migrations: Migration[], logger: Logger): Promise<string[]> {
  const log = logger.child({ module: 'migrate' });
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_MIGRATE]);
    await client.query('CREATE TABLE IF NOT EXISTS aeo_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: string }>('SELECT version FROM aeo_migrations')).rows.map((r) => r.version));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO aeo_migrations (version) VALUES ($1)', [m.version]);
      applied.push(m.version);
      log.info({ version: m.version }, `migration ${m.version} applied`);
    }
    return applied;
  });
}
