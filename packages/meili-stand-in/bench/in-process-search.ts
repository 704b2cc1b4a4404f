// The same-run reference bench:meili reads the stand-in against: the same queries answered by
// plain JavaScript over an array of the same documents, with no index at all (a filter, a sort
// and a slice; a count per value). On a shared machine an absolute millisecond says more about
// the machine than the code; the stand-in's figures as a multiple of these, taken in the same run
// on the same cores, do not.
import { FACETS, searchParams } from "./bench-queries.js";
import type { Order } from "./corpus.js";

/** Query `i` of the bench (searchBody(i)): the matching orders, newest first, the first 20. */
export function plainSearch(docs: readonly Order[], i: number): Order[] {
  const p = searchParams(i);
  const matching = docs.filter(
    (d) => d.status === p.status && d.total > p.totalAbove && p.currencies.includes(d.currency),
  );
  // Array#sort is stable: orders created in the same second keep corpus order, as the stand-in
  // breaks such ties by insertion order.
  return matching.sort((a, b) => b.createdAt - a.createdAt).slice(0, p.limit);
}

type Facet = (typeof FACETS)[number];

const facetValue: Record<Facet, (d: Order) => string | number> = {
  status: (d) => d.status,
  currency: (d) => d.currency,
  "customer.city": (d) => d.customer.city,
  total: (d) => d.total,
};

export interface FacetAnswer {
  facetDistribution: Record<string, Record<string, number>>;
  facetStats: Record<string, { min: number; max: number }>;
}

/**
 * The bench's facet query over all documents, answered as Meilisearch does by default: per
 * attribute a count per value, the first `maxValues` in alphabetical order (numbers ascending,
 * before strings), and the smallest and largest number.
 */
export function plainFacets(docs: readonly Order[], maxValues = 100): FacetAnswer {
  const answer: FacetAnswer = { facetDistribution: {}, facetStats: {} };
  for (const facet of FACETS) {
    const counts = new Map<string | number, number>();
    const read = facetValue[facet];
    for (const d of docs) {
      const v = read(d);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const values = [...counts.keys()].sort(alphabetical);
    const shown = values.slice(0, maxValues).map((v) => [String(v), counts.get(v) as number]);
    answer.facetDistribution[facet] = Object.fromEntries(shown);
    const numbers = values.filter((v) => typeof v === "number");
    if (numbers.length > 0) {
      answer.facetStats[facet] = { min: numbers[0] as number, max: numbers.at(-1) as number };
    }
  }
  return answer;
}

function alphabetical(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
