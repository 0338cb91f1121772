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
