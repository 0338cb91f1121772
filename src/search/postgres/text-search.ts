import type { Pool } from 'pg';
import type { BackendInfo } from '../retriever.js';

/**
 * How the lexical channel is ranked. With pg_textsearch installed and the index's bm25 index made (migration 002),
 * the extension picks the candidates and the exact BM25 over the postings scores them (`pg_textsearch`); otherwise
 * every posting of the query's terms is scored (`postings-bm25`). Either way the scores are the embedded index's,
 * which the fitted decision model reads: pg_textsearch's own (one field, no boosts) are on another scale.
 */
export async function detectTextSearch(pool: Pool): Promise<BackendInfo['textSearch']> {
  const { rows } = await pool.query<{ available: boolean; index: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_textsearch') AS available,
            to_regclass('aeo_chunks_bm25') IS NOT NULL AS index`,
  );
  const r = rows[0];
  return { extension: r?.available ? 'pg_textsearch' : null, ranking: r?.index ? 'pg_textsearch' : 'postings-bm25' };
}
