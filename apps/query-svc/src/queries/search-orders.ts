import { create } from "@bufbuild/protobuf";
import {
  OrderFacet,
  OrderSortField,
  type SearchOrdersRequest,
  type SearchOrdersResponse,
  SearchOrdersResponseSchema,
} from "@orderlens/contracts";
import { maxTotalHits, maxValuesPerFacet } from "@orderlens/meili-indexes";
import { invalidArgument } from "@orderlens/server";
import type { Index } from "meilisearch";
import { buildOrderFilter } from "../filters/order-filter.js";
import { fromMeiliError } from "../meili-errors.js";
import { type OrderDocument, orderView } from "./order-view.js";

const sortAttribute: Record<number, string | undefined> = {
  [OrderSortField.CREATED_AT]: "createdAt",
  [OrderSortField.TOTAL]: "totalMinor",
  [OrderSortField.COMPLETED_AT]: "completedAt",
  [OrderSortField.ORDER_ID]: "orderId",
};

const facetAttribute: Record<number, string | undefined> = {
  [OrderFacet.STATUS]: "status",
  [OrderFacet.REGION]: "region",
  [OrderFacet.CURRENCY]: "currency",
  [OrderFacet.MONTH]: "month",
  [OrderFacet.PRODUCT_ID]: "productIds",
  [OrderFacet.CUSTOMER_ID]: "customerId",
};
const facetOf = new Map(
  Object.entries(facetAttribute).map(([k, v]) => [v, Number(k) as OrderFacet]),
);

/** The orders index's pagination and faceting limits, as its settings set them. */
export interface SearchLimits {
  maxTotalHits: number;
  maxValuesPerFacet: number;
}
const indexLimits: SearchLimits = { maxTotalHits, maxValuesPerFacet };

export async function searchOrders(
  req: SearchOrdersRequest,
  orders: Index<OrderDocument>,
  limits: SearchLimits = indexLimits,
): Promise<SearchOrdersResponse> {
  // The contract checked lengths, enums and page bounds; the filter builder checks what it
  // translates (and what spans fields, like inverted ranges).
  const built = buildOrderFilter(req.filter);
  if (!built.ok) throw invalidArgument(built.violations, "invalid search");
  const sort = req.sort.map((s) => `${sortAttribute[s.field]}:${s.descending ? "desc" : "asc"}`);
  const facets = req.facets.map((f) => facetAttribute[f] ?? "");
  const page = req.page === 0 ? 1 : req.page;
  const hitsPerPage = req.pageSize === 0 ? 20 : req.pageSize;
  checkSearchWindow(page, hitsPerPage, limits.maxTotalHits);

  try {
    const result = await orders.search(req.query, {
      filter: built.filter,
      sort: sort.length > 0 ? sort : ["createdAt:desc"],
      page,
      hitsPerPage,
      ...(facets.length > 0 ? { facets } : {}),
    });
    const totalHits = result.totalHits ?? 0;
    const reachable = Math.ceil(Math.min(totalHits, limits.maxTotalHits) / hitsPerPage);
    return create(SearchOrdersResponseSchema, {
      orders: result.hits.map((h) => orderView(h as OrderDocument)),
      totalHits: BigInt(totalHits),
      page: result.page ?? page,
      pageSize: result.hitsPerPage ?? hitsPerPage,
      totalPages: Math.min(result.totalPages ?? 0, reachable),
      totalPagesCapped: totalHits > limits.maxTotalHits,
      facets: Object.entries(result.facetDistribution ?? {}).map(([attribute, values]) =>
        facetDistribution(attribute, values, limits.maxValuesPerFacet),
      ),
      processingTimeMs: result.processingTimeMs,
    });
  } catch (error) {
    throw fromMeiliError(error, "SearchOrders");
  }
}

/**
 * Meilisearch counts and pages through the first maxTotalHits matches only; a page past them
 * would come back empty, as if there were no more orders, so it is refused instead.
 */
function checkSearchWindow(page: number, hitsPerPage: number, window: number): void {
  if ((page - 1) * hitsPerPage < window) return;
  const lastPage = Math.ceil(window / hitsPerPage);
  throw invalidArgument(
    [
      {
        field: "page",
        description: `must be at most ${lastPage} with page_size ${hitsPerPage}: a search pages through its first ${window} matches; narrow the filter or reverse the sort`,
      },
    ],
    "page beyond the search window",
  );
}

function facetDistribution(attribute: string, values: Record<string, number>, cap: number) {
  const entries = Object.entries(values);
  return {
    facet: facetOf.get(attribute) ?? OrderFacet.UNSPECIFIED,
    values: entries
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([value, count]) => ({ value, count: BigInt(count) })),
    valuesCapped: entries.length >= cap,
  };
}
