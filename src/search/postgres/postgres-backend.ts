import type { Pool } from 'pg';
import { AppError } from '../../errors.js';
import type { IngestLimits } from '../../knowledge/ingest-limits.js';
import type { Logger } from '../../logging/logger.js';
import type { IdentifiedEmbeddings } from '../index-store.js';
import { isExternalIndex, type BackendInfo, type ExternalIndex, type KnowledgeIndex } from '../retriever.js';
import { migrate, pendingMigrations, readMigrations } from './migrations.js';
import { PostgresIndexer, type IndexUpdate } from './postgres-indexer.js';
import { loadSnapshot } from './postgres-snapshot.js';
import type { LocalSentences, Mentions } from './replica-facts.js';
import { detectTextSearch } from './text-search.js';

export interface PostgresBackendOptions {
  knowledgeDir: string;
  migrationsDir: string;
  embeddings: IdentifiedEmbeddings;
  limits?: IngestLimits;
  /** This replica updates the shared index from its knowledge folder (start-up, watcher, /admin/reindex). */
  indexer: boolean;
  /** Told when the database index moved past the loaded snapshot (another replica or the CLI updated it). */
  onStale?: (generation: number) => void;
  /** The jurisdictions a text names: the indexer records what each file covers, so readers need no corpus. */
  mentions?: Mentions;
  /** With remote embeddings: the local sentence vectors, whose corpus mean the indexer records (migration 004). */
  sentences?: LocalSentences;
}

/** The index in PostgreSQL + pgvector: migrations, the incremental indexer and snapshot loading, on one pool. */
export class PostgresIndexBackend {
  private readonly log: Logger;
  private readonly indexerImpl: PostgresIndexer;
  private textSearch: BackendInfo['textSearch'] | undefined;

  constructor(private readonly pool: Pool, private readonly opts: PostgresBackendOptions, logger: Logger) {
    this.log = logger.child({ module: 'postgres-index' });
    this.indexerImpl = new PostgresIndexer(pool, opts.knowledgeDir, opts.embeddings, logger, opts.limits, opts.mentions, opts.sentences);
  }

  async migrate(): Promise<string[]> {
    return migrate(this.pool, await readMigrations(this.opts.migrationsDir), this.log);
  }

  /** Start-up, the knowledge watcher and /admin/reindex: update when this replica is the indexer, then load. */
  async ensure(): Promise<ExternalIndex> {
    await this.checkMigrated();
    if (this.opts.indexer) await this.update();
    return this.load();
  }

  /** `bin/aeo-bot index`: always updates (the CLI is the indexer), `rebuild` re-embeds every file. */
  async update(opts: { rebuild?: boolean } = {}): Promise<IndexUpdate> {
    await this.checkMigrated();
    return this.indexerImpl.update(opts);
  }

  async load(): Promise<ExternalIndex> {
    this.textSearch ??= await detectTextSearch(this.pool);
    if (this.textSearch.extension) this.log.info({ extension: this.textSearch.extension }, 'BM25 index extension available');
    const { embeddings, onStale } = this.opts;
    return loadSnapshot(this.pool, { embedder: { id: embeddings.id, dims: embeddings.dims }, textSearch: this.textSearch, ...(onStale ? { onStale } : {}) });
  }

  /** The database index's generation, for replicas polling for updates; undefined before the first build. */
  async generation(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ g: string }>('SELECT generation::text AS g FROM aeo_index_meta WHERE id = 1');
    return rows[0] ? Number(rows[0].g) : undefined;
  }

  /**
   * Checks the database's generation every `intervalMs` and calls `onNewer` when it is past the loaded index's
   * (another replica or the CLI updated it), or when none is loaded yet (a reader started before the first index);
   * once per new generation, so a reload that fails is not retried on every tick. Returns the stop function; the
   * timer never keeps the process alive.
   */
  poll(intervalMs: number, current: () => KnowledgeIndex | undefined, onNewer: () => void): () => void {
    let busy = false;
    let told: number | undefined;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.generation().then((g) => {
        const loaded = current();
        const have = loaded && isExternalIndex(loaded) ? loaded.backend.generation : undefined;
        if (g === undefined || g === have || g === told) return;
        told = g;
        onNewer();
      }).catch((err: Error) => this.log.warn({ err: err.message }, 'database index generation not read'))
        .finally(() => { busy = false; });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async checkMigrated(): Promise<void> {
    const pending = await pendingMigrations(this.pool, await readMigrations(this.opts.migrationsDir));
    if (pending.length) throw new AppError('NOT_READY', `The database needs migrations ${pending.join(', ')}: run "bin/aeo-bot migrate".`, { pending });
  }
}
