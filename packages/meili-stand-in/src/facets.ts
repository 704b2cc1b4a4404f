import type { Bitset } from "./bitset.js";
import { compareStrings, type FacetField } from "./facet-field.js";
import type { MeiliIndex } from "./meili-index.js";
import type { Postings } from "./postings.js";
import { formatFacetNumber } from "./text.js";

export type FacetResult = {
  facetDistribution: Record<string, Record<string, number>>;
  facetStats: Record<string, { min: number; max: number }>;
};

/** How many candidates a value's posting list holds (all of them when every document is one). */
type Counter = (docs: Postings | undefined) => number;

/**
 * Alphabetical order is numbers ascending then strings: walk the sorted views and stop at
 * maxValuesPerFacet instead of materialising every distinct value.
 */
function alphaDistribution(field: FacetField, count: Counter, max: number) {
  const dist: Record<string, number> = {};
  let taken = 0;
  const { values } = field.numberPairs();
  for (let i = 0; i < values.length && taken < max; i++) {
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
    if (taken >= max) break;
    const e = field.strings.get(norm);
    const c = e ? count(e.docs) : 0;
    if (e && c > 0) {
      dist[e.original] = (dist[e.original] ?? 0) + c;
      taken++;
    }
  }
  return dist;
}

/** Most frequent first; ties numbers ascending, then strings in facet order. */
function countDistribution(field: FacetField, count: Counter, max: number) {
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
  const dist: Record<string, number> = {};
  for (const e of entries.slice(0, max)) dist[e.key] = (dist[e.key] ?? 0) + e.count;
  return dist;
}

/** The smallest and largest numeric value among the candidates, if any. */
function numericStats(field: FacetField, candidates: Bitset, all: boolean) {
  const { values, docs } = field.numberPairs();
  const isCandidate = (i: number) => all || candidates.has(docs[i] as number);
  let lo = -1;
  for (let i = 0; i < values.length; i++) {
    if (isCandidate(i)) {
      lo = i;
      break;
    }
  }
  if (lo < 0) return undefined;
  let hi = lo;
  for (let i = values.length - 1; i > lo; i--) {
    if (isCandidate(i)) {
      hi = i;
      break;
    }
  }
  return { min: values[lo] as number, max: values[hi] as number };
}

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
  const count: Counter = (docs) => (!docs ? 0 : all ? docs.size : docs.countIn(candidates));
  for (const attr of attrs) {
    const field = index.field(attr);
    const order = sortFacetValuesBy[attr] ?? sortFacetValuesBy["*"] ?? "alpha";
    if (!field) {
      facetDistribution[attr] = {};
      continue;
    }
    facetDistribution[attr] =
      order === "alpha"
        ? alphaDistribution(field, count, maxValuesPerFacet)
        : countDistribution(field, count, maxValuesPerFacet);
    const stats = numericStats(field, candidates, all);
    if (stats) facetStats[attr] = stats;
  }
  return { facetDistribution, facetStats };
}
