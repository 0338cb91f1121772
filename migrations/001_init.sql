-- The knowledge index on PostgreSQL + pgvector (INDEX_BACKEND=postgres). Applied by `bin/aeo-bot migrate`.
-- The vector column gets its dimensions, and its HNSW index, from the first index build (the embedder decides).
CREATE EXTENSION IF NOT EXISTS vector;

-- One row: which embedder built the index, its centre (vectors are stored centred), BM25 statistics, the
-- generation readers compare to know the index changed, and what the last build skipped.
CREATE TABLE IF NOT EXISTS aeo_index_meta (
  id smallint PRIMARY KEY CHECK (id = 1),
  format text NOT NULL,
  embedder_id text NOT NULL,
  dims integer NOT NULL,
  center double precision[] NOT NULL,
  generation bigint NOT NULL DEFAULT 0,
  built_at timestamptz NOT NULL DEFAULT now(),
  build_ms integer NOT NULL DEFAULT 0,
  doc_count integer NOT NULL DEFAULT 0,
  avg_len double precision[] NOT NULL DEFAULT '{0,0,0}',
  skipped jsonb NOT NULL DEFAULT '[]',
  registry jsonb
);

-- One row per indexed knowledge file: its content hash decides whether it is indexed again.
CREATE TABLE IF NOT EXISTS aeo_files (
  file text PRIMARY KEY,
  hash text NOT NULL,
  meta jsonb NOT NULL,
  chunk_count integer NOT NULL
);

CREATE TABLE IF NOT EXISTS aeo_chunks (
  id bigserial PRIMARY KEY,
  file text NOT NULL REFERENCES aeo_files (file) ON DELETE CASCADE,
  ord integer NOT NULL,
  language text NOT NULL,
  jurisdictions text[] NOT NULL,
  topics text[] NOT NULL,
  -- Distinct analysed terms of the head, body and questions fields (BM25 length normalisation).
  lens integer[] NOT NULL,
  -- The chunk as built (json keeps its key order).
  doc json NOT NULL,
  embedding vector NOT NULL,
  UNIQUE (file, ord)
);
CREATE INDEX IF NOT EXISTS aeo_chunks_language ON aeo_chunks (language);
CREATE INDEX IF NOT EXISTS aeo_chunks_jurisdictions ON aeo_chunks USING gin (jurisdictions);
CREATE INDEX IF NOT EXISTS aeo_chunks_topics ON aeo_chunks USING gin (topics);

-- The BM25 inverted index: analysed term, field (0 head, 1 body, 2 questions), term frequency and the field's
-- length in distinct terms per chunk (kept here so scoring reads the postings alone).
CREATE TABLE IF NOT EXISTS aeo_postings (
  term text NOT NULL,
  field smallint NOT NULL,
  chunk_id bigint NOT NULL REFERENCES aeo_chunks (id) ON DELETE CASCADE,
  tf integer NOT NULL,
  len integer NOT NULL
);
CREATE INDEX IF NOT EXISTS aeo_postings_term ON aeo_postings (term) INCLUDE (field, chunk_id, tf, len);
CREATE INDEX IF NOT EXISTS aeo_postings_chunk ON aeo_postings (chunk_id);
