// The search page's whole state lives in the URL (text, facet filters, sort, page), so any view
// can be shared or bookmarked; this is the one translation between the URL and SearchOrders.
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  OrderFacet,
  OrderSortField,
  OrderStatus,
  type SearchOrdersRequestSchema,
} from "@orderlens/contracts";

export const facetKeys = ["status", "region", "currency", "month"] as const;
export type FacetKey = (typeof facetKeys)[number];

export const facetOf: Record<FacetKey, OrderFacet> = {
  status: OrderFacet.STATUS,
  region: OrderFacet.REGION,
  currency: OrderFacet.CURRENCY,
  month: OrderFacet.MONTH,
};

export const facetKeyOf = (facet: OrderFacet): FacetKey | undefined =>
  facetKeys.find((k) => facetOf[k] === facet);

/** Facet values of status as the index holds them. */
export const statusOf: Record<string, OrderStatus> = {
  pending: OrderStatus.PENDING,
  completed: OrderStatus.COMPLETED,
  cancelled: OrderStatus.CANCELLED,
};

export const sorts = {
  newest: { label: "Newest first", field: OrderSortField.CREATED_AT, descending: true },
  oldest: { label: "Oldest first", field: OrderSortField.CREATED_AT, descending: false },
  "total-desc": { label: "Largest total first", field: OrderSortField.TOTAL, descending: true },
  "total-asc": { label: "Smallest total first", field: OrderSortField.TOTAL, descending: false },
  completed: { label: "Recently completed", field: OrderSortField.COMPLETED_AT, descending: true },
} as const;
export type SortKey = keyof typeof sorts;

export const pageSize = 20;

export interface SearchState {
  q: string;
  filters: Record<FacetKey, string[]>;
  sort: SortKey;
  page: number;
}

export function parseSearchState(search: string): SearchState {
  const params = new URLSearchParams(search);
  const sort = params.get("sort") ?? "newest";
  const page = Number(params.get("page") ?? "1");
  const filters = Object.fromEntries(
    facetKeys.map((k) => [k, [...new Set(params.getAll(k).filter((v) => v !== ""))].sort()]),
  ) as Record<FacetKey, string[]>;
  return {
    q: params.get("q") ?? "",
    filters,
    sort: sort in sorts ? (sort as SortKey) : "newest",
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The URL query for a state; defaults are left out so URLs stay short. */
export function searchQuery(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q !== "") params.set("q", state.q);
  for (const k of facetKeys) for (const v of state.filters[k]) params.append(k, v);
  if (state.sort !== "newest") params.set("sort", state.sort);
  if (state.page !== 1) params.set("page", String(state.page));
  return params.toString();
}

/** Adds or removes one facet value; any change of the filter starts again at page 1. */
export function toggleFilter(state: SearchState, key: FacetKey, value: string): SearchState {
  const current = state.filters[key];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, filters: { ...state.filters, [key]: next.sort() }, page: 1 };
}

export function searchRequest(
  state: SearchState,
): MessageInitShape<typeof SearchOrdersRequestSchema> {
  const sort = sorts[state.sort];
  return {
    query: state.q,
    filter: {
      statuses: state.filters.status.flatMap((s) =>
        s in statusOf ? [statusOf[s] as OrderStatus] : [],
      ),
      regions: state.filters.region,
      currencies: state.filters.currency,
      months: state.filters.month,
    },
    sort: [{ field: sort.field, descending: sort.descending }],
    page: state.page,
    pageSize,
    facets: facetKeys.map((k) => facetOf[k]),
  };
}
