import type { Chunk } from '../../knowledge/types.js';
import { BM25_FIELDS, bm25Doc, splitTerms } from '../bm25-fields.js';
import { isHeld } from './replica-facts.js';

/** A chunk as the indexer inserts it (jsonb_to_recordset columns of aeo_chunks). */
export interface ChunkRow {
  file: string;
  ord: number;
  language: string;
  jurisdictions: string[];
  topics: string[];
  lens: number[];
  doc: string;
  embedding: string;
  /** Read whole by the answer steps: replicas load it (see isHeld). */
  held: boolean;
}

/** One posting: term frequency of an analysed term in one field of the chunk at `ord` of `file`. */
export interface PostingRow { file: string; ord: number; term: string; field: number; tf: number; len: number }

/** pgvector's text form. */
export const vectorLiteral = (v: ArrayLike<number>): string => `[${Array.from(v).join(',')}]`;

/** The row and postings of one chunk, analysed as the embedded BM25 index analyses it (same terms, same lengths). */
export function chunkRow(c: Chunk, ord: number, vector: number[]): { row: ChunkRow; postings: PostingRow[] } {
  const fields = bm25Doc(c);
  const postings: PostingRow[] = [];
  const lens = BM25_FIELDS.map((name, field) => {
    const counts = new Map<string, number>();
    for (const t of splitTerms(fields[name])) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, tf] of counts) postings.push({ file: c.file, ord, term, field, tf, len: counts.size });
    return counts.size;
  });
  const row: ChunkRow = {
    file: c.file, ord, language: c.language, jurisdictions: c.jurisdictions, topics: c.topics, lens,
    doc: JSON.stringify(c), embedding: vectorLiteral(vector), held: isHeld(c),
  };
  return { row, postings };
}
