import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './redis-server.js';

/**
 * A real PostgreSQL (Debian's postgresql-15, pgvector built from vendor/pgvector by .ci/run) in a throwaway
 * cluster: its own data folder and loopback port, so concurrent connections are separate sessions with real locks,
 * unlike PGlite's single session. POSTGRES_BIN names the binaries' folder (default Debian's PostgreSQL 15);
 * POSTGRES_TEST_REQUIRED=1 (set by .ci/run) turns a missing server into a failure instead of a skip.
 */
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
export const POSTGRES_REQUIRED = process.env.POSTGRES_TEST_REQUIRED === '1';

/** Why no real server can be started here, or undefined when one can. */
function missing(): string | undefined {
  for (const b of ['initdb', 'postgres', 'pg_config']) {
    if (!existsSync(join(BIN, b))) return `no ${b} in ${BIN} (apt-get install postgresql-15, or set POSTGRES_BIN)`;
  }
  let share: string;
  try {
    share = execFileSync(join(BIN, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).trim();
  } catch (err) {
    return `${join(BIN, 'pg_config')} failed: ${(err as Error).message}`;
  }
  if (!existsSync(join(share, 'extension', 'vector.control'))) {
    return `pgvector is not installed in ${share} (build vendor/pgvector: see .ci/run)`;
  }
  return undefined;
}

export const POSTGRES_MISSING = missing();

/**
 * Whether the real-server tests run: outside CI a missing server skips them with a message saying why; under
 * POSTGRES_TEST_REQUIRED (CI) they run, and fail for want of a server.
 */
export function realPostgresAvailable(): boolean {
  if (!POSTGRES_MISSING || POSTGRES_REQUIRED) return true;
  console.warn(`real PostgreSQL tests skipped: ${POSTGRES_MISSING}`);
  return false;
}

/** initdb refuses root: as root (CI) the cluster belongs to the postgres system user (or nobody). */
function clusterUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      // try the next one
    }
  }
  throw new Error('running as root and no postgres or nobody user to own the test cluster');
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(join(BIN, cmd), args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += String(d); });
    p.stderr.on('data', (d: Buffer) => { out += String(d); });
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${out}`))));
  });
}

export interface PostgresServer {
  /** The `postgres` database's URL. */
  url: string;
  /** A new empty database on this server, its URL: one per scenario, so scenarios share the server only. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a throwaway cluster (trust auth, loopback only, no fsync: test data) and waits until it accepts queries. */
export async function startPostgres(): Promise<PostgresServer> {
  if (POSTGRES_MISSING) throw new Error(`cannot start PostgreSQL for the tests: ${POSTGRES_MISSING}`);
  const user = clusterUser();
  const dir = await mkdtemp(join(tmpdir(), 'aeo-pg-'));
  const data = join(dir, 'data');
  if (user) await chown(dir, user.uid, user.gid);
  await chmod(dir, 0o700);
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], user);
  const port = await freePort();
  const conf = [
    `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, 'fsync = off',
    'synchronous_commit = off', 'full_page_writes = off', 'max_connections = 40', 'shared_buffers = 64MB',
  ];
  await writeFile(join(data, 'postgresql.auto.conf'), `${conf.join('\n')}\n`);
  if (user) await chown(join(data, 'postgresql.auto.conf'), user.uid, user.gid);
  const proc: ChildProcess = spawn(join(BIN, 'postgres'), ['-D', data], {
    stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}),
  });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => { log = (log + String(d)).slice(-4000); });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (proc.exitCode === null) {
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        // Immediate shutdown: the data is thrown away.
        proc.kill('SIGQUIT');
      });
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      break;
    } catch (err) {
      await c.end().catch(() => undefined);
      if (proc.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    createDatabase: async (name: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await c.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    stop,
  };
}
