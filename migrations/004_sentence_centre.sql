-- With remote embeddings (EMBEDDINGS_PROVIDER), answers score sentences with the local word vectors centred on
-- their mean over every chunk, as the embedded index does. A replica holds only some chunks, so the indexer keeps
-- each file's sum of its chunks' local vectors (those with a known word) and their number; readers add them up.
-- NULL: not recorded (local embeddings, or indexed before this migration: the next update fills it).
ALTER TABLE aeo_files ADD COLUMN IF NOT EXISTS sentence_sum double precision[];
ALTER TABLE aeo_files ADD COLUMN IF NOT EXISTS sentence_n integer;
