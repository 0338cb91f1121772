-- What a replica needs besides searching, so it never reads every chunk (stateless readers at any corpus size):
-- the chunks the answer steps read whole (glossary, FAQ and programme pages: `held`), each file's covered
-- jurisdictions (its own and those its text names) and the document frequency of every analysed term.

ALTER TABLE aeo_chunks ADD COLUMN IF NOT EXISTS held boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS aeo_chunks_held ON aeo_chunks (file, ord) WHERE held;

-- NULL: indexed before this migration; the next index update fills it (and the chunks' held flag and the term
-- frequencies) from the stored chunks, without embedding them again. Readers refuse an index with such files.
ALTER TABLE aeo_files ADD COLUMN IF NOT EXISTS covers text[];

-- Chunks holding each analysed term (title, headings and text), kept by the indexer file by file.
CREATE TABLE IF NOT EXISTS aeo_terms (
  term text PRIMARY KEY,
  df integer NOT NULL CHECK (df >= 0)
);

-- Chunks holding each analysed term per BM25 field (the postings' document frequencies): the pg_textsearch path
-- scores a few hundred candidates and reads their IDF here instead of counting every posting of the query's terms.
-- Kept by the indexer; a row may reach 0 when the last chunk with the term goes (it then joins no posting).
CREATE TABLE IF NOT EXISTS aeo_field_df (
  term text NOT NULL,
  field smallint NOT NULL,
  df integer NOT NULL CHECK (df >= 0),
  PRIMARY KEY (term, field)
);
INSERT INTO aeo_field_df (term, field, df) SELECT term, field, count(*) FROM aeo_postings GROUP BY term, field
ON CONFLICT (term, field) DO NOTHING;
