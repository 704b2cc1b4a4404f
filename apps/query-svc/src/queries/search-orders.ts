import { create } from "@bufbuild/protobuf";
import {
  OrderFacet,
  OrderSortField,
  type SearchOrdersRequest,
  type SearchOrdersResponse,
  SearchOrdersResponseSchema,
} from "@orderlens/contracts";
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

export async function searchOrders(
  req: SearchOrdersRequest,
  orders: Index<OrderDocument>,
): Promise<SearchOrdersResponse> {
  // The contract checked lengths, enums and page bounds; the filter builder checks what it
  // translates (and what spans fields, like inverted ranges).
  const built = buildOrderFilter(req.filter);
  if (!built.ok) throw invalidArgument(built.violations, "invalid search");
  const sort = req.sort.map((s) => `${sortAttribute[s.field]}:${s.descending ? "desc" : "asc"}`);
  const facets = req.facets.map((f) => facetAttribute[f] ?? "");
  const page = req.page === 0 ? 1 : req.page;
  const hitsPerPage = req.pageSize === 0 ? 20 : req.pageSize;

  try {
    const result = await orders.search(req.query, {
      filter: built.filter,
      sort: sort.length > 0 ? sort : ["createdAt:desc"],
      page,
      hitsPerPage,
      ...(facets.length > 0 ? { facets } : {}),
    });
    return create(SearchOrdersResponseSchema, {
      orders: result.hits.map((h) => orderView(h as OrderDocument)),
      totalHits: BigInt(result.totalHits ?? 0),
      page: result.page ?? page,
      pageSize: result.hitsPerPage ?? hitsPerPage,
      totalPages: result.totalPages ?? 0,
      facets: Object.entries(result.facetDistribution ?? {}).map(([attribute, values]) => ({
        facet: facetOf.get(attribute) ?? OrderFacet.UNSPECIFIED,
        values: Object.entries(values)
          .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
          .map(([value, count]) => ({ value, count: BigInt(count) })),
      })),
      processingTimeMs: result.processingTimeMs,
    });
  } catch (error) {
    throw fromMeiliError(error, "SearchOrders");
  }
}
