import { OrderFacet, OrderSortField, OrderStatus } from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { parseSearchState, searchQuery, searchRequest, toggleFilter } from "./search-url";

describe("search URL", () => {
  it("holds the whole state and drops defaults", () => {
    const state = parseSearchState(
      "q=beans&region=us-east&region=eu-west&status=completed&sort=total-desc&page=3",
    );
    expect(state).toEqual({
      q: "beans",
      filters: { status: ["completed"], region: ["eu-west", "us-east"], currency: [], month: [] },
      sort: "total-desc",
      page: 3,
    });
    expect(searchQuery(state)).toBe(
      "q=beans&status=completed&region=eu-west&region=us-east&sort=total-desc&page=3",
    );
    expect(searchQuery(parseSearchState(""))).toBe("");
  });

  it("falls back on unknown sorts and impossible pages", () => {
    expect(parseSearchState("sort=price&page=0")).toMatchObject({ sort: "newest", page: 1 });
    expect(parseSearchState("page=2.5").page).toBe(1);
  });

  it("toggles a facet value and starts again at page 1", () => {
    const state = parseSearchState("region=eu-west&page=4");
    expect(toggleFilter(state, "region", "apac")).toMatchObject({
      filters: { region: ["apac", "eu-west"] },
      page: 1,
    });
    expect(toggleFilter(state, "region", "eu-west").filters.region).toEqual([]);
  });

  it("becomes a SearchOrders request with every facet counted", () => {
    const request = searchRequest(
      parseSearchState(
        "q=x&status=pending&status=bogus&currency=EUR&month=2026-05&sort=oldest&page=2",
      ),
    );
    expect(request).toEqual({
      query: "x",
      filter: {
        statuses: [OrderStatus.PENDING],
        regions: [],
        currencies: ["EUR"],
        months: ["2026-05"],
      },
      sort: [{ field: OrderSortField.CREATED_AT, descending: false }],
      page: 2,
      pageSize: 20,
      facets: [OrderFacet.STATUS, OrderFacet.REGION, OrderFacet.CURRENCY, OrderFacet.MONTH],
    });
  });
});
