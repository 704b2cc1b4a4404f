import type { Meilisearch, Settings } from "meilisearch";
import type { IndexNames } from "./index-names.js";

/**
 * How many matches one search can count and page through. Meilisearch's default is 1,000; a
 * report index holds at most months × keys × currencies rows, and SearchOrders says when it hits
 * the cap instead of paging into nothing.
 */
export const maxTotalHits = 100_000;
/**
 * How many values one facet returns, most frequent first (`sortFacetValuesBy: count`), so a
 * capped product or customer facet drops the rarest values rather than the last alphabetically.
 */
export const maxValuesPerFacet = 1_000;

/** What query-svc filters, sorts and searches on; applied on every start (idempotent). */
export function indexSettings(names: IndexNames): Record<string, Settings> {
  const pagination = { maxTotalHits };
  const faceting = { maxValuesPerFacet, sortFacetValuesBy: { "*": "count" as const } };
  // The report indexes are read by filter, never by text: with no words to index, a real
  // Meilisearch spends about half as long on each documents task there (measured on 1.50).
  const searchableAttributes: string[] = [];
  return {
    [names.orders]: {
      searchableAttributes: ["orderId", "customerId", "region", "productNames", "productIds"],
      filterableAttributes: [
        "status",
        "region",
        "customerId",
        "productIds",
        "month",
        "currency",
        "totalMinor",
        "createdAt",
        "completedAt",
      ],
      sortableAttributes: ["createdAt", "completedAt", "totalMinor", "orderId"],
      pagination,
      faceting,
    },
    [names.salesByProductMonth]: {
      searchableAttributes,
      filterableAttributes: ["month", "productId", "currency"],
      sortableAttributes: ["month", "revenueMinor", "quantity"],
      pagination,
      faceting,
    },
    [names.salesByRegionMonth]: {
      searchableAttributes,
      filterableAttributes: ["month", "region", "currency"],
      sortableAttributes: ["month", "revenueMinor", "quantity"],
      pagination,
      faceting,
    },
    [names.salesDaily]: {
      searchableAttributes,
      filterableAttributes: ["day", "month", "currency"],
      sortableAttributes: ["day", "revenueMinor", "quantity"],
      pagination,
      faceting,
    },
  };
}

/** Creates the indexes if missing and applies their settings; waits until Meilisearch is done. */
export async function ensureIndexes(meili: Meilisearch, names: IndexNames): Promise<void> {
  for (const [uid, settings] of Object.entries(indexSettings(names))) {
    const created = await meili.createIndex(uid, { primaryKey: "id" }).waitTask();
    if (created.status === "failed" && created.error?.code !== "index_already_exists") {
      throw new Error(`creating index ${uid} failed: ${created.error?.message}`);
    }
    const updated = await meili.index(uid).updateSettings(settings).waitTask();
    if (updated.status !== "succeeded") {
      throw new Error(`settings of index ${uid} failed: ${updated.error?.message}`);
    }
  }
}
