import { withoutBareCodes } from '../../mra/country-resolver.js';
import type { PoolClient } from 'pg';
import type { Chunk } from '../../knowledge/types.js';
import { documentFrequencies, embeddingText } from '../index-store.js';

/** The local sentence vectors (word vectors) answers score sentences with; recorded with remote embeddings only. */
export interface LocalSentences { embed(text: string): Float32Array }

/** Sum of a file's chunks' local vectors (those with a known word) and their number: readers add them up to the mean. */
export function sentenceSum(chunks: Chunk[], local: LocalSentences): { sum: number[]; n: number } {
  let sum: number[] = [];
  let n = 0;
  for (const c of chunks) {
    const v = local.embed(embeddingText(c));
    if (!v.some((x) => x !== 0)) continue;
    if (!sum.length) sum = new Array<number>(v.length).fill(0);
    for (let d = 0; d < sum.length; d++) sum[d]! += v[d] ?? 0;
    n++;
  }
  return { sum, n };
}

/** Files indexed with remote embeddings before migration 004 get their sentence sums from their stored chunks. */
export async function backfillSentenceSums(client: PoolClient, local: LocalSentences): Promise<number> {
  const files = (await client.query<{ file: string }>('SELECT file FROM aeo_files WHERE sentence_n IS NULL')).rows.map((r) => r.file);
  if (!files.length) return 0;
  const stored = await storedChunks(client, files);
  for (const file of files) {
    const { sum, n } = sentenceSum(stored.get(file) ?? [], local);
    await client.query('UPDATE aeo_files SET sentence_sum = $2, sentence_n = $3 WHERE file = $1', [file, sum, n]);
  }
  return files.length;
}

/** Finds the jurisdictions a text names (the service's country resolver): what a page discusses beyond its own. */
export type Mentions = (text: string) => string[];

/**
 * Chunks a replica holds: the answer steps read glossary entries, FAQ entries and programme pages whole (term
 * expansion, curated answers, facets, eligibility), the rest only as search hits. Their number grows with the
 * programmes and curated entries, not with the corpus.
 */
export const isHeld = (c: Chunk): boolean => c.kind === 'glossary' || c.kind === 'faq' || (c.kind === 'page' && c.topics.includes('programme'));

/** The jurisdictions a file's pages are about or discuss (registry chunks aside, as coversJurisdiction reads them). */
export function fileCovers(chunks: Chunk[], mentions: Mentions): string[] {
  const codes = new Set<string>();
  for (const c of chunks) {
    if (c.kind === 'registry') continue;
    for (const j of c.jurisdictions) codes.add(j);
    for (const j of mentions(withoutBareCodes(c.text))) codes.add(j);
  }
  return [...codes].sort();
}

/** Adds (`sign` 1) or removes (-1) a file's chunks to the term document frequencies of aeo_terms. */
export async function countTerms(client: PoolClient, chunks: Chunk[], sign: 1 | -1): Promise<void> {
  const df = documentFrequencies(chunks);
  if (!df.size) return;
  const terms = [...df.keys()];
  const counts = [...df.values()];
  if (sign > 0) {
    await client.query(
      `INSERT INTO aeo_terms AS t (term, df) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (term) DO UPDATE SET df = t.df + EXCLUDED.df`,
      [terms, counts],
    );
    return;
  }
  await client.query('UPDATE aeo_terms t SET df = t.df - d.n FROM unnest($1::text[], $2::int[]) AS d(term, n) WHERE t.term = d.term', [terms, counts]);
  await client.query('DELETE FROM aeo_terms WHERE df <= 0 AND term = ANY ($1::text[])', [terms]);
}

/** The stored chunks of some files, in file order. */
export async function storedChunks(client: PoolClient, files: string[]): Promise<Map<string, Chunk[]>> {
  const { rows } = await client.query<{ doc: string }>('SELECT doc::text AS doc FROM aeo_chunks WHERE file = ANY ($1::text[]) ORDER BY file, ord', [files]);
  const out = new Map<string, Chunk[]>();
  for (const r of rows) {
    const c = JSON.parse(r.doc) as Chunk;
    out.set(c.file, [...(out.get(c.file) ?? []), c]);
  }
  return out;
}

/**
 * Files indexed before migration 003 have no covered jurisdictions, held flags or term counts: filled from their
 * stored chunks (nothing is embedded again). Returns how many files were filled.
 */
export async function backfillFacts(client: PoolClient, mentions: Mentions): Promise<number> {
  const files = (await client.query<{ file: string }>('SELECT file FROM aeo_files WHERE covers IS NULL')).rows.map((r) => r.file);
  if (!files.length) return 0;
  for (const [file, chunks] of await storedChunks(client, files)) {
    await countTerms(client, chunks, 1);
    await client.query('UPDATE aeo_files SET covers = $2 WHERE file = $1', [file, fileCovers(chunks, mentions)]);
    const held = chunks.flatMap((c, ord) => (isHeld(c) ? [ord] : []));
    await client.query('UPDATE aeo_chunks SET held = ord = ANY ($2::int[]) WHERE file = $1', [file, held]);
  }
  // A file without chunks (none are stored for a skipped one) covers nothing.
  await client.query("UPDATE aeo_files SET covers = '{}' WHERE covers IS NULL");
  return files.length;
}
