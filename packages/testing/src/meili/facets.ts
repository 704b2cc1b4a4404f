import type { Bitset } from "./bitset.js";
import { compareStrings } from "./facet-field.js";
import type { MeiliIndex } from "./meili-index.js";
import type { Postings } from "./postings.js";
import { formatFacetNumber } from "./text.js";

export type FacetResult = {
  facetDistribution: Record<string, Record<string, number>>;
  facetStats: Record<string, { min: number; max: number }>;
};

/**
 * Counts values among the candidates by walking each value's posting list, so the cost is
 * the number of (document, value) pairs of the facet, independent of the filter's shape.
 */
export function computeFacets(
  index: MeiliIndex,
  attrs: readonly string[],
  candidates: Bitset,
  all: boolean,
): FacetResult {
  const facetDistribution: FacetResult["facetDistribution"] = {};
  const facetStats: FacetResult["facetStats"] = {};
  const { maxValuesPerFacet, sortFacetValuesBy } = index.settings.faceting;
  const count = (docs: Postings | undefined): number =>
    !docs ? 0 : all ? docs.size : docs.countIn(candidates);
  for (const attr of attrs) {
    const field = index.field(attr);
    const order = sortFacetValuesBy[attr] ?? sortFacetValuesBy["*"] ?? "alpha";
    const dist: Record<string, number> = {};
    if (field && order === "alpha") {
      // Alphabetical order is numbers ascending then strings: walk the sorted views and stop
      // at maxValuesPerFacet instead of materialising every distinct value.
      let taken = 0;
      const { values } = field.numberPairs();
      for (let i = 0; i < values.length && taken < maxValuesPerFacet; i++) {
        const v = values[i] as number;
        if (i > 0 && values[i - 1] === v) continue;
        const c = count(field.numbers.get(v));
        if (c > 0) {
          const key = formatFacetNumber(v);
          dist[key] = (dist[key] ?? 0) + c;
          taken++;
        }
      }
      for (const norm of field.stringKeys()) {
        if (taken >= maxValuesPerFacet) break;
        const e = field.strings.get(norm);
        const c = e ? count(e.docs) : 0;
        if (e && c > 0) {
          dist[e.original] = (dist[e.original] ?? 0) + c;
          taken++;
        }
      }
    } else if (field) {
      const entries: { key: string; sortKey: string; num: number | null; count: number }[] = [];
      for (const [v, docs] of field.numbers) {
        const c = count(docs);
        if (c > 0) entries.push({ key: formatFacetNumber(v), sortKey: "", num: v, count: c });
      }
      for (const [norm, e] of field.strings) {
        const c = count(e.docs);
        if (c > 0) entries.push({ key: e.original, sortKey: norm, num: null, count: c });
      }
      entries.sort((a, b) => {
        if (b.count !== a.count) return b.count - a.count;
        if (a.num !== null && b.num !== null) return a.num - b.num;
        if (a.num !== null) return -1;
        if (b.num !== null) return 1;
        return compareStrings(a.sortKey, b.sortKey);
      });
      for (const e of entries.slice(0, maxValuesPerFacet))
        dist[e.key] = (dist[e.key] ?? 0) + e.count;
    }
    facetDistribution[attr] = dist;
    if (field) {
      const { values, docs } = field.numberPairs();
      let lo = -1;
      for (let i = 0; i < values.length; i++) {
        if (all || candidates.has(docs[i] as number)) {
          lo = i;
          break;
        }
      }
      if (lo >= 0) {
        let hi = lo;
        for (let i = values.length - 1; i > lo; i--) {
          if (all || candidates.has(docs[i] as number)) {
            hi = i;
            break;
          }
        }
        facetStats[attr] = { min: values[lo] as number, max: values[hi] as number };
      }
    }
  }
  return { facetDistribution, facetStats };
}
