import { compareStrings } from "./facet-field.js";

/**
 * Word index for `q`: token -> (document -> best attribute rank). A sorted token list,
 * rebuilt lazily when the vocabulary changes, serves prefix lookups on the last query word.
 */
export class TokenIndex {
  private readonly postings = new Map<string, Map<number, number>>();
  private sorted: string[] | null = null;

  add(docId: number, tokens: Map<string, number>): void {
    for (const [token, rank] of tokens) {
      let p = this.postings.get(token);
      if (!p) {
        p = new Map();
        this.postings.set(token, p);
        this.sorted = null;
      }
      p.set(docId, rank);
    }
  }

  remove(docId: number, tokens: Iterable<string>): void {
    for (const token of tokens) {
      const p = this.postings.get(token);
      if (!p) continue;
      p.delete(docId);
      if (p.size === 0) {
        this.postings.delete(token);
        this.sorted = null;
      }
    }
  }

  clear(): void {
    this.postings.clear();
    this.sorted = null;
  }

  exact(token: string): Map<number, number> | undefined {
    return this.postings.get(token);
  }

  /** Every indexed token starting with `prefix` (the prefix itself included). */
  withPrefix(prefix: string): string[] {
    if (!this.sorted) this.sorted = [...this.postings.keys()].sort(compareStrings);
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < s.length && (s[i] as string).startsWith(prefix); i++)
      out.push(s[i] as string);
    return out;
  }
}
