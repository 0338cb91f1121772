import type { Pool } from 'pg';
import type { TermFrequencies } from '../../answering/term-weights.js';

/**
 * The document frequencies of aeo_terms as a replica reads them: only the terms a question needs, when it is asked
 * (one indexed lookup of the terms not read yet), the last `capacity` of them kept (least recently read dropped
 * first), and the FAQ questions' terms kept for the index's life (`pin`: the curated answers weigh them on every
 * ask). A replica's memory then grows with the questions in flight and the curated entries, not with the corpus
 * vocabulary (aeo_terms has a row for every id, figure and name of every page). Read from the live table, not the
 * snapshot: an update in between counts the new chunks a little earlier, as the retriever does.
 */
export class DatabaseTermFrequencies implements TermFrequencies {
  private readonly recent = new Map<string, number>();
  private readonly pinned = new Map<string, number>();
  /** Lookups of a term never read (weighed as absent from the corpus): the answer steps weighed an unprepared text. */
  misses = 0;

  constructor(private readonly pool: Pool, private readonly capacity: number) {}

  get(term: string): number | undefined {
    const p = this.pinned.get(term);
    if (p !== undefined) return p;
    const df = this.recent.get(term);
    if (df === undefined) this.misses++;
    return df;
  }

  async load(terms: string[], pin = false): Promise<void> {
    const into = pin ? this.pinned : this.recent;
    const wanted = terms.filter((t) => !this.pinned.has(t) && (pin || !this.touch(t)));
    if (wanted.length) {
      const { rows } = await this.pool.query<{ term: string; df: number }>(
        'SELECT term, df FROM aeo_terms WHERE term = ANY ($1::text[])', [wanted]);
      const found = new Map(rows.map((r) => [r.term, r.df]));
      // A term no chunk holds is kept as 0: asked again, it is not looked up again.
      for (const t of wanted) {
        if (pin) this.recent.delete(t);
        into.set(t, found.get(t) ?? 0);
      }
    }
    while (this.recent.size > this.capacity) this.recent.delete(this.recent.keys().next().value!);
  }

  /** Terms held (pinned and recent). */
  get size(): number {
    return this.pinned.size + this.recent.size;
  }

  /** Marks a held term as just read (kept longest); false when it is not held. */
  private touch(term: string): boolean {
    const df = this.recent.get(term);
    if (df === undefined) return false;
    this.recent.delete(term);
    this.recent.set(term, df);
    return true;
  }
}
