/**
 * Hybrid retrieval as one statement: BM25 over the postings table (MiniSearch's BM25+ with the embedded index's
 * fields, boosts and per-field IDF, so scores match the embedded index and the fitted decision model reads them
 * alike), pgvector's nearest neighbours, weighted reciprocal rank fusion, the same-language and jurisdiction
 * factors, and the asked country's own best two passages promoted, all under the same filters.
 *
 * Parameters: 1 terms, 2 term boosts, 3 term repeats, 4 query vector (null: no vector channel), 5 depth, 6 k,
 * 7 jurisdictions, 8 topics, 9 languages (null: any), 10 question language, 11 asked country (null: none),
 * 12 fusion k, 13 BM25 weight, 14 vector weight, 15 same-language boost, 16-19 jurisdiction factors (own page,
 * shared page, other countries, country page without country), 20 field boosts, 21 promote own pages; with
 * candidates also 22 BM25 candidates per query (and per asked country's own pages).
 */
const FILTERS = `($7::text[] IS NULL OR c.jurisdictions && $7::text[]) AND ($8::text[] IS NULL OR c.topics && $8::text[])
    AND ($9::text[] IS NULL OR c.language = ANY ($9::text[]))`;

/** Every posting of the query's terms, with each term's document frequency per field from the same scan. */
const ALL_POSTINGS = `post AS (
  SELECT p.chunk_id, p.term, p.field, p.tf, p.len, q.boost, q.reps, count(*) OVER (PARTITION BY p.term, p.field) AS df
  FROM aeo_postings p JOIN q USING (term)),`;

/**
 * The query's terms as a pg_textsearch query, written out where it is used: taken from a CTE (materialised, as one
 * used twice is), the index scan ran ~20x slower (50 vs 2.5 ms for the top 320 at 10k chunks on PGlite).
 */
const BM25_QUERY = `to_bm25query((SELECT string_agg(aeo_bm25_token(t), ' ') FROM unnest($1::text[]) t), 'aeo_chunks_bm25')`;

/**
 * pg_textsearch's best chunks for the query's terms (under the filters, and the asked country's own pages apart so
 * their promotion finds them), then only their postings, by chunk (index on chunk_id, term); document frequencies
 * come from aeo_field_df (kept by the indexer; the query's rows read once). Counting them on the postings, as before,
 * read every posting of the query's terms, and the planner joined those to the candidates in a nested loop: slower
 * than scoring every posting (EXPLAIN ANALYZE on PGlite at 10k chunks: 1.4 s, 4.1M rows joined and dropped); `cand`
 * materialised instead hid the LIMIT from the bm25 index scan (~10x slower). A candidate without the query's terms (the index may return some when few chunks match) has no postings here, so
 * it scores nothing: no distance is computed per row to drop it (that scored each row again, ~5x the index scan).
 */
const CANDIDATE_POSTINGS = `dfq AS MATERIALIZED (SELECT term, field, df FROM aeo_field_df WHERE term = ANY ($1::text[])),
cand AS (
  (SELECT c.id FROM aeo_chunks c WHERE ${FILTERS} ORDER BY c.search_text <@> ${BM25_QUERY} LIMIT $22)
  UNION
  (SELECT c.id FROM aeo_chunks c WHERE $21::boolean AND cardinality(c.jurisdictions) = 1 AND c.jurisdictions[1] = $11::text
   ORDER BY c.search_text <@> ${BM25_QUERY} LIMIT $22)),
post AS (
  SELECT p.chunk_id, p.term, p.field, p.tf, p.len, q.boost, q.reps, d.df
  FROM cand CROSS JOIN LATERAL (
    -- OFFSET 0 keeps this a per-candidate index lookup: flattened, it became a scan of every posting of the terms.
    SELECT * FROM aeo_postings p WHERE p.chunk_id = cand.id AND p.term = ANY ($1::text[]) OFFSET 0) p
  JOIN q ON q.term = p.term JOIN dfq d ON d.term = p.term AND d.field = p.field),`;

/** The hybrid statement; `candidates`: the lexical channel scores pg_textsearch's candidates (index aeo_chunks_bm25). */
export const hybridSql = (candidates: boolean): string => `
WITH m AS (SELECT doc_count AS n, avg_len, generation FROM aeo_index_meta WHERE id = 1),
q AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::int[]) AS q(term, boost, reps)),
${candidates ? CANDIDATE_POSTINGS : ALL_POSTINGS}
ts AS (
  -- float8 constants throughout: a bare 0.5 is numeric, whose arithmetic is several times slower.
  SELECT chunk_id, term, reps * sum(boost * ($20::float8[])[field + 1] * ln(1 + (m.n - df + 0.5::float8) / (df + 0.5::float8))
           * (0.5::float8 + tf * 2.2::float8 / (tf + 1.2::float8 * (0.3::float8 + 0.7::float8 * len / m.avg_len[field + 1])))) AS s
  FROM post CROSS JOIN m GROUP BY chunk_id, term, reps),
-- IDF counts every chunk; the filters apply to the scored chunks, as in the embedded index.
lex_all AS (
  SELECT t.chunk_id, sum(t.s) * count(*) AS score FROM ts t JOIN aeo_chunks c ON c.id = t.chunk_id
  WHERE ${FILTERS}
  GROUP BY t.chunk_id),
lex AS (
  SELECT chunk_id, score, row_number() OVER (ORDER BY score DESC, chunk_id) AS rank
  FROM (SELECT * FROM lex_all ORDER BY score DESC, chunk_id LIMIT $5) l),
vec AS (
  SELECT chunk_id, 1 - dist AS sim, row_number() OVER (ORDER BY dist, chunk_id) AS rank
  FROM (SELECT c.id AS chunk_id, c.embedding <=> $4::vector AS dist FROM aeo_chunks c
        WHERE $4::vector IS NOT NULL AND ${FILTERS}
        ORDER BY dist LIMIT $5) v),
fused AS (
  SELECT coalesce(l.chunk_id, v.chunk_id) AS chunk_id, l.rank AS bm25_rank, l.score AS bm25_score, v.rank AS vector_rank,
         v.sim, coalesce($13::float8 / ($12::float8 + l.rank), 0) + coalesce($14::float8 / ($12::float8 + v.rank), 0) AS rrf
  FROM lex l FULL JOIN vec v USING (chunk_id)),
scored AS (
  SELECT f.*, f.rrf
    * CASE WHEN $10::text <> 'en' AND c.language = $10::text THEN $15::float8 ELSE 1 END
    * CASE
        WHEN $11::text IS NULL THEN CASE WHEN cardinality(c.jurisdictions) = 1 AND c.jurisdictions[1] <> 'INT' THEN $19::float8 ELSE 1 END
        WHEN cardinality(c.jurisdictions) = 1 AND c.jurisdictions[1] = $11::text THEN $16::float8
        WHEN $11::text = ANY (c.jurisdictions) THEN $17::float8
        WHEN cardinality(c.jurisdictions) > 0 AND NOT ('INT' = ANY (c.jurisdictions)) THEN $18::float8
        ELSE 1 END AS score
  FROM fused f JOIN aeo_chunks c ON c.id = f.chunk_id),
own AS (
  SELECT chunk_id, score AS bm25_score, row_number() OVER (ORDER BY score DESC, chunk_id) - 1 AS n
  FROM (SELECT l.chunk_id, l.score FROM lex_all l JOIN aeo_chunks c ON c.id = l.chunk_id
        WHERE $21::boolean AND cardinality(c.jurisdictions) = 1 AND c.jurisdictions[1] = $11::text
        ORDER BY l.score DESC, l.chunk_id LIMIT 2) o),
top AS (SELECT coalesce(max(score), 1) AS top FROM scored),
final AS (
  SELECT coalesce(s.chunk_id, o.chunk_id) AS chunk_id,
         CASE WHEN o.chunk_id IS NULL THEN s.score ELSE greatest(coalesce(s.score, 0), top.top * (0.99::float8 - o.n * 0.01::float8)) END AS score,
         s.bm25_rank, CASE WHEN s.chunk_id IS NULL THEN o.bm25_score ELSE s.bm25_score END AS bm25_score, s.vector_rank, s.sim
  FROM scored s FULL JOIN own o USING (chunk_id) CROSS JOIN top)
SELECT f.chunk_id::text AS id, f.score, f.bm25_rank::int, f.bm25_score, f.vector_rank::int, f.sim, c.doc::text AS doc,
       (SELECT generation FROM m)::text AS generation
FROM final f JOIN aeo_chunks c ON c.id = f.chunk_id
ORDER BY f.score DESC, f.chunk_id
LIMIT $6`;
