-- BM25 candidates from pg_textsearch (`USING bm25`) when the database has it. Scoring stays the exact BM25 over the
-- postings (the embedded index's scores, which the fitted decision model reads): the extension only picks which
-- chunks are scored, so a query reads the postings of a few hundred chunks instead of every posting of its terms.

-- An analysed term as one token of the 'simple' text search configuration: plain [a-z0-9] terms as they are, others
-- ("c-tpat", "zollämter") hex-encoded, so PostgreSQL's parser never splits or drops them.
CREATE OR REPLACE FUNCTION aeo_bm25_token(term text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN term ~ '^[a-z0-9]+$' THEN term ELSE 'u' || encode(convert_to(term, 'UTF8'), 'hex') END
$$;

-- A chunk's analysed terms of all fields, each as often as it occurs: what the bm25 index reads.
CREATE OR REPLACE FUNCTION aeo_search_text(chunk bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(repeat(aeo_bm25_token(term) || ' ', tf), ''), '') FROM aeo_postings WHERE chunk_id = chunk
$$;

ALTER TABLE aeo_chunks ADD COLUMN IF NOT EXISTS search_text text NOT NULL DEFAULT '';
UPDATE aeo_chunks SET search_text = aeo_search_text(id) WHERE search_text = '';

-- Scoring the candidates reads their postings by chunk and term (this index also serves deletes by chunk).
CREATE INDEX IF NOT EXISTS aeo_postings_chunk_term ON aeo_postings (chunk_id, term) INCLUDE (field, tf, len);
DROP INDEX IF EXISTS aeo_postings_chunk;

-- Without the extension (or where it cannot be created, e.g. not in shared_preload_libraries) nothing changes:
-- the lexical channel scores every posting of the query's terms, as before.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_textsearch') THEN
    CREATE EXTENSION IF NOT EXISTS pg_textsearch;
    CREATE INDEX IF NOT EXISTS aeo_chunks_bm25 ON aeo_chunks USING bm25 (search_text) WITH (text_config = 'simple');
  END IF;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_textsearch not used (%): BM25 over the postings alone', SQLERRM;
END
$$;
