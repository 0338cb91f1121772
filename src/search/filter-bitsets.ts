import type { SearchFilters } from '../core/answer.js';
import type { Chunk } from '../knowledge/types.js';
import { Bitset } from './bitset.js';

/**
 * Per filter value (jurisdiction, topic, language), the bitset of chunks that have it, built once per chunk list:
 * a query's filters become a few word-wise ORs and ANDs instead of a predicate call per matching chunk.
 */
export class FilterBitsets {
  private readonly jurisdictions = new Map<string, Bitset>();
  private readonly topics = new Map<string, Bitset>();
  private readonly languages = new Map<string, Bitset>();
  private readonly sole = new Map<string, Bitset>();
  private readonly empty: Bitset;

  constructor(chunks: readonly Chunk[]) {
    const n = chunks.length;
    this.empty = new Bitset(n);
    const add = (m: Map<string, Bitset>, key: string, i: number) => {
      let b = m.get(key);
      if (!b) m.set(key, (b = new Bitset(n)));
      b.add(i);
    };
    chunks.forEach((c, i) => {
      for (const j of c.jurisdictions) add(this.jurisdictions, j, i);
      for (const t of c.topics) add(this.topics, t, i);
      add(this.languages, c.language, i);
      if (c.jurisdictions.length === 1) add(this.sole, c.jurisdictions[0]!, i);
    });
  }

  /** The chunks `filters` accept (as matchesFilters decides); undefined when they accept every chunk. */
  forFilters(filters?: SearchFilters): Bitset | undefined {
    if (!filters) return undefined;
    let out: Bitset | undefined;
    const narrow = (m: Map<string, Bitset>, wanted?: string[]) => {
      if (!wanted?.length) return;
      const any = wanted.reduce((acc, v) => { const b = m.get(v); return b ? acc.or(b) : acc; }, this.empty);
      out = out ? out.and(any) : any;
    };
    narrow(this.jurisdictions, filters.jurisdictions);
    narrow(this.topics, filters.topics);
    narrow(this.languages, filters.languages);
    return out;
  }

  /** Chunks about `country` alone (its own pages), within `within` when given. */
  soleJurisdiction(country: string, within?: Bitset): Bitset {
    const own = this.sole.get(country) ?? this.empty;
    return within ? own.and(within) : own;
  }
}

const cache = new WeakMap<readonly Chunk[], FilterBitsets>();

/** One FilterBitsets per chunk list (retrievers over the same index share it). */
export function filterBitsetsFor(chunks: readonly Chunk[]): FilterBitsets {
  let f = cache.get(chunks);
  if (!f) cache.set(chunks, (f = new FilterBitsets(chunks)));
  return f;
}
