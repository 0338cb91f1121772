/** A fixed-size set of chunk positions as 32-bit words: filters combine with AND/OR over words, not per chunk. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static fromPredicate(size: number, keep: (i: number) => boolean): Bitset {
    const b = new Bitset(size);
    for (let i = 0; i < size; i++) if (keep(i)) b.add(i);
    return b;
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** How many positions the set holds. */
  count(): number {
    let n = 0;
    for (let w = 0; w < this.words.length; w++) {
      let x = this.words[w]!;
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
    }
    return n;
  }

  /** A new set holding the positions in this one or in `other`. */
  or(other: Bitset): Bitset {
    const out = new Uint32Array(this.words);
    for (let w = 0; w < out.length; w++) out[w]! |= other.words[w]!;
    return new Bitset(this.size, out);
  }

  /** A new set holding the positions in both. */
  and(other: Bitset): Bitset {
    const out = new Uint32Array(this.words);
    for (let w = 0; w < out.length; w++) out[w]! &= other.words[w]!;
    return new Bitset(this.size, out);
  }
}
