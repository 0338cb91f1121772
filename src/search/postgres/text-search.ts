import type { Pool } from 'pg';
import type { BackendInfo } from '../retriever.js';

/**
 * Which BM25 index extension the database offers. The lexical channel ranks with BM25 over the postings table
 * either way: its scores are the embedded index's, which the fitted decision model reads; pg_textsearch's
 * (another BM25 variant, one field per index) and ts_rank_cd's are on other scales.
 */
export async function detectTextSearch(pool: Pool): Promise<BackendInfo['textSearch']> {
  const { rows } = await pool.query<{ name: string }>("SELECT name FROM pg_available_extensions WHERE name = 'pg_textsearch'");
  return { extension: rows.length ? 'pg_textsearch' : null, ranking: 'postings-bm25' };
}
