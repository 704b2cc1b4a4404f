import { Bitset } from "./bitset.js";

/** Below this many documents, walking the set beats touching every word of a bitset. */
const DENSE_FROM = 256;

/**
 * The documents holding one facet value. Writes go to a Set; common values also get a bitset,
 * built on first read and kept up to date after, so filters OR it in and facet counts AND it
 * with the candidates a word at a time instead of probing the candidates once per document.
 */
export class Postings implements Iterable<number> {
  private readonly docs = new Set<number>();
  private bits: Bitset | null = null;

  get size(): number {
    return this.docs.size;
  }

  add(id: number): void {
    this.docs.add(id);
    this.bits?.add(id);
  }

  delete(id: number): void {
    this.docs.delete(id);
    this.bits?.remove(id);
  }

  [Symbol.iterator](): Iterator<number> {
    return this.docs.values();
  }

  orInto(out: Bitset): void {
    if (this.docs.size < DENSE_FROM) for (const d of this.docs) out.add(d);
    else out.or(this.bitset());
  }

  countIn(candidates: Bitset): number {
    if (this.docs.size >= DENSE_FROM) return candidates.countAnd(this.bitset());
    let c = 0;
    for (const d of this.docs) if (candidates.has(d)) c++;
    return c;
  }

  private bitset(): Bitset {
    if (!this.bits) {
      const bits = new Bitset(0);
      for (const d of this.docs) bits.add(d);
      this.bits = bits;
    }
    return this.bits;
  }
}
