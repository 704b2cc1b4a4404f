/**
 * Dense bitset over internal document ids. Filters combine with AND/OR/NOT over 100k
 * documents in microseconds this way, where `Set` intersections would cost milliseconds.
 */
/**
 * Per-query bitsets are 12 KB off-heap buffers at 100k documents; recycling them keeps the
 * garbage collector (and its latency spikes) out of the search path.
 */
const pool: Uint32Array[] = [];
const POOL_LIMIT = 64;

export class Bitset {
  words: Uint32Array;

  constructor(size: number) {
    this.words = new Uint32Array((size + 32) >>> 5);
  }

  /** A zeroed bitset from the pool; hand it back with `release()` when done. */
  static scratch(words: number): Bitset {
    const b = new Bitset(0);
    const buf = pool.pop();
    if (buf && buf.length >= words) {
      buf.fill(0);
      b.words = buf;
    } else b.words = new Uint32Array(words);
    return b;
  }

  release(): void {
    if (pool.length < POOL_LIMIT && this.words.length > 0) pool.push(this.words);
    this.words = new Uint32Array(0);
  }

  clone(): Bitset {
    const b = Bitset.scratch(this.words.length);
    b.words.set(this.words);
    return b;
  }

  ensure(size: number): void {
    const need = (size + 32) >>> 5;
    if (need <= this.words.length) return;
    const next = new Uint32Array(Math.max(need, this.words.length * 2));
    next.set(this.words);
    this.words = next;
  }

  add(id: number): void {
    this.ensure(id + 1);
    const i = id >>> 5;
    this.words[i] = (this.words[i] ?? 0) | (1 << (id & 31));
  }

  remove(id: number): void {
    const i = id >>> 5;
    if (i < this.words.length) this.words[i] = (this.words[i] ?? 0) & ~(1 << (id & 31));
  }

  has(id: number): boolean {
    const w = this.words[id >>> 5];
    return w !== undefined && (w & (1 << (id & 31))) !== 0;
  }

  and(other: Bitset): Bitset {
    const n = this.words.length;
    for (let i = 0; i < n; i++) this.words[i] = (this.words[i] ?? 0) & (other.words[i] ?? 0);
    return this;
  }

  or(other: Bitset): Bitset {
    this.ensure(other.words.length * 32 - 1);
    const n = other.words.length;
    for (let i = 0; i < n; i++) this.words[i] = (this.words[i] ?? 0) | (other.words[i] ?? 0);
    return this;
  }

  andNot(other: Bitset): Bitset {
    const n = Math.min(this.words.length, other.words.length);
    for (let i = 0; i < n; i++) this.words[i] = (this.words[i] ?? 0) & ~(other.words[i] ?? 0);
    return this;
  }

  count(): number {
    let c = 0;
    for (const w0 of this.words) {
      let w = w0 - ((w0 >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      c += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return c;
  }

  /** Size of the intersection, without materialising it. */
  countAnd(other: Bitset): number {
    const a = this.words;
    const b = other.words;
    const n = Math.min(a.length, b.length);
    let c = 0;
    for (let i = 0; i < n; i++) {
      let w = (a[i] as number) & (b[i] as number);
      if (w === 0) continue;
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      c += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return c;
  }

  *ids(): Generator<number> {
    const words = this.words;
    for (let i = 0; i < words.length; i++) {
      let w = words[i] ?? 0;
      while (w !== 0) {
        const t = w & -w;
        yield (i << 5) + 31 - Math.clz32(t);
        w ^= t;
      }
    }
  }
}
