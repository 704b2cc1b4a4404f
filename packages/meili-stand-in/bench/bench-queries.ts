// The queries bench:meili repeats, in one place for the stand-in over HTTP and for the plain
// in-process search it is read against, so both answer the very same questions.
import { STATUSES } from "./corpus.js";

/** The index settings the queries need. */
export const SEARCH_SETTINGS = {
  filterableAttributes: ["status", "currency", "total", "createdAt", "customer.city", "tags"],
  sortableAttributes: ["createdAt", "total"],
};

/** Query `i` of the filtered and sorted search, as values. */
export function searchParams(i: number) {
  return {
    status: STATUSES[i % 5] as (typeof STATUSES)[number],
    totalAbove: (i * 37) % 900,
    currencies: ["EUR", "USD"],
    limit: 20,
  };
}

/** Query `i` as the stand-in is asked it: newest first. */
export function searchBody(i: number) {
  const p = searchParams(i);
  return {
    filter: `status = ${p.status} AND total > ${p.totalAbove} AND currency IN [${p.currencies.join(", ")}]`,
    sort: ["createdAt:desc"],
    limit: p.limit,
  };
}

/** The facet query: every value of four attributes over all documents. */
export const FACETS = ["status", "currency", "customer.city", "total"] as const;
