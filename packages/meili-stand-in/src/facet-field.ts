import { Bitset } from "./bitset.js";
import type { FlatField } from "./flatten.js";
import { isObject } from "./json.js";
import { Postings } from "./postings.js";
import { facetKey } from "./text.js";

type StringEntry = { original: string; docs: Postings };

/**
 * Inverted index of one faceted path (filterable or sortable). Maintained incrementally as
 * documents come and go; the sorted views used by range filters, sorting and facet stats are
 * rebuilt lazily, once per write batch rather than once per query.
 */
export class FacetField {
  readonly strings = new Map<string, StringEntry>();
  readonly numbers = new Map<number, Postings>();
  readonly exists = new Bitset(0);
  readonly nulls = new Bitset(0);
  readonly empties = new Bitset(0);
  private sortedNumbers: { values: Float64Array; docs: Int32Array } | null = null;
  private sortedStrings: string[] | null = null;
  private ranks = new Map<"asc" | "desc", Int32Array>();

  add(docId: number, field: FlatField): void {
    this.invalidate();
    this.exists.add(docId);
    for (const raw of field.raw) {
      if (raw === null) this.nulls.add(docId);
      else if (
        raw === "" ||
        (Array.isArray(raw) && raw.length === 0) ||
        (isObject(raw) && Object.keys(raw).length === 0)
      ) {
        this.empties.add(docId);
      }
    }
    for (const v of field.values) {
      if (typeof v === "number") {
        let s = this.numbers.get(v);
        if (!s) {
          s = new Postings();
          this.numbers.set(v, s);
        }
        s.add(docId);
      } else if (typeof v === "string" || typeof v === "boolean") {
        const original = String(v);
        const key = facetKey(original);
        if (key === undefined) continue;
        let e = this.strings.get(key);
        if (!e) {
          e = { original, docs: new Postings() };
          this.strings.set(key, e);
        }
        e.docs.add(docId);
      }
    }
  }

  remove(docId: number, field: FlatField): void {
    this.invalidate();
    this.exists.remove(docId);
    this.nulls.remove(docId);
    this.empties.remove(docId);
    for (const v of field.values) {
      if (typeof v === "number") {
        const s = this.numbers.get(v);
        s?.delete(docId);
        if (s?.size === 0) this.numbers.delete(v);
      } else if (typeof v === "string" || typeof v === "boolean") {
        const key = facetKey(String(v));
        if (key === undefined) continue;
        const e = this.strings.get(key);
        e?.docs.delete(docId);
        if (e?.docs.size === 0) this.strings.delete(key);
      }
    }
  }

  private invalidate(): void {
    this.sortedNumbers = null;
    this.sortedStrings = null;
    this.ranks.clear();
  }

  /** (value, doc) pairs sorted by value then doc id: range filters are two binary searches. */
  numberPairs(): { values: Float64Array; docs: Int32Array } {
    if (this.sortedNumbers) return this.sortedNumbers;
    const keys = [...this.numbers.keys()].sort((a, b) => a - b);
    let n = 0;
    for (const k of keys) n += this.numbers.get(k)?.size ?? 0;
    const values = new Float64Array(n);
    const docs = new Int32Array(n);
    let i = 0;
    for (const k of keys) {
      const ids = [...(this.numbers.get(k) ?? [])].sort((a, b) => a - b);
      for (const d of ids) {
        values[i] = k;
        docs[i] = d;
        i++;
      }
    }
    this.sortedNumbers = { values, docs };
    return this.sortedNumbers;
  }

  stringKeys(): string[] {
    if (!this.sortedStrings) this.sortedStrings = [...this.strings.keys()].sort(compareStrings);
    return this.sortedStrings;
  }

  /**
   * Per-document sort rank: numbers before strings whatever the direction (as milli chains
   * its number then string facet iterators), documents without a value last.
   */
  rank(direction: "asc" | "desc", size: number): Int32Array {
    const cached = this.ranks.get(direction);
    if (cached && cached.length >= size) return cached;
    const rank = new Int32Array(size).fill(0x7fffffff);
    const assigned = new Bitset(size);
    let r = 0;
    const { values, docs } = this.numberPairs();
    const n = values.length;
    let prev = Number.NaN;
    for (let k = 0; k < n; k++) {
      const i = direction === "asc" ? k : n - 1 - k;
      const v = values[i] as number;
      const d = docs[i] as number;
      if (v !== prev) {
        r++;
        prev = v;
      }
      if (d < size && !assigned.has(d)) {
        assigned.add(d);
        rank[d] = r;
      }
    }
    const keys = this.stringKeys();
    for (let k = 0; k < keys.length; k++) {
      const key = keys[direction === "asc" ? k : keys.length - 1 - k] as string;
      r++;
      for (const d of this.strings.get(key)?.docs ?? []) {
        if (d < size && !assigned.has(d)) {
          assigned.add(d);
          rank[d] = r;
        }
      }
    }
    this.ranks.set(direction, rank);
    return rank;
  }
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
