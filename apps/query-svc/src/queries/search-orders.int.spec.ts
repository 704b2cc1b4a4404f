import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  OrderFacet,
  OrderSortField,
  OrderStatus,
  SearchOrdersRequestSchema,
} from "@orderlens/contracts";
import { indexSettings } from "@orderlens/meili-indexes";
import { fieldViolationsOf } from "@orderlens/server";
import { rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderDoc, type QueryHarness, startQueryHarness } from "../../test/query-svc-harness.js";
import type { OrderDocument } from "./order-view.js";
import { searchOrders } from "./search-orders.js";

let h: QueryHarness;
const day = (d: number) => Date.parse(`2026-10-${String(d).padStart(2, "0")}T12:00:00Z`);

beforeAll(async () => {
  h = await startQueryHarness();
  await h.put(h.indexes.orders, seed);
});
afterAll(() => h.stop());

const seed = [
  orderDoc("s-1", {
    status: "completed",
    region: "eu-west",
    createdAt: day(1),
    lines: [["sku-1", "Espresso beans", 1, 1000]],
  }),
  orderDoc("s-2", {
    status: "completed",
    region: "us-east",
    currency: "USD",
    createdAt: day(2),
    lines: [["sku-2", "Grinder", 1, 8900]],
  }),
  orderDoc("s-3", {
    status: "cancelled",
    region: "eu-west",
    createdAt: day(3),
    lines: [["sku-1", "Espresso beans", 3, 1000]],
  }),
  orderDoc("s-4", {
    status: "pending",
    region: "apac",
    createdAt: day(4),
    lines: [["sku-3", "Milk jug", 1, 1800]],
  }),
  orderDoc("s-5", {
    status: "completed",
    region: "eu-west",
    createdAt: day(5),
    month: "2026-10",
    lines: [["sku-2", "Grinder", 2, 8900]],
  }),
  orderDoc("s-6", { status: "pending", region: 'eu" OR region = "x', createdAt: day(6) }),
];

const ids = (r: { orders: { orderId: string }[] }) => r.orders.map((o) => o.orderId);

describe("SearchOrders", () => {
  it("returns newest first by default, with totals and pages", async () => {
    const r = await h.client.searchOrders({ pageSize: 2 });
    expect(ids(r)).toEqual(["s-6", "s-5"]);
    expect(r.totalHits).toBe(6n);
    expect(r.totalPages).toBe(3);
    const page3 = await h.client.searchOrders({ pageSize: 2, page: 3 });
    expect(ids(page3)).toEqual(["s-2", "s-1"]);
  });

  it("searches text over product names and narrows by every filter", async () => {
    const r = await h.client.searchOrders({
      query: "espresso",
      filter: { statuses: [OrderStatus.COMPLETED, OrderStatus.CANCELLED], regions: ["eu-west"] },
      sort: [{ field: OrderSortField.CREATED_AT, descending: false }],
    });
    expect(ids(r)).toEqual(["s-1", "s-3"]);
    const money = await h.client.searchOrders({
      filter: { currencies: ["EUR"], total: { minMinor: 2_000n, maxMinor: 20_000n } },
      sort: [{ field: OrderSortField.TOTAL, descending: true }],
    });
    expect(ids(money)).toEqual(["s-5", "s-3", "s-6"]);
  });

  it("counts facet values over the matching orders, most frequent first", async () => {
    const r = await h.client.searchOrders({
      filter: { months: ["2026-10"] },
      facets: [OrderFacet.STATUS, OrderFacet.REGION],
      pageSize: 1,
    });
    const facet = (f: OrderFacet) =>
      r.facets.find((x) => x.facet === f)?.values.map((v) => [v.value, Number(v.count)]);
    expect(facet(OrderFacet.STATUS)).toEqual([
      ["completed", 3],
      ["pending", 2],
      ["cancelled", 1],
    ]);
    expect(facet(OrderFacet.REGION)?.[0]).toEqual(["eu-west", 3]);
  });

  it("treats quotes in filter values as data, never as filter syntax", async () => {
    const r = await h.client.searchOrders({ filter: { regions: ['eu" OR region = "x'] } });
    expect(ids(r)).toEqual(["s-6"]);
    const none = await h.client.searchOrders({ filter: { regions: ['x" OR status = "pending'] } });
    expect(none.totalHits).toBe(0n);
  });

  it("rejects a page size over the limit with a field violation", async () => {
    const error = await rejection(h.client.searchOrders({ pageSize: 500 }));
    expect(error?.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(error).map((v) => v.field)).toContain("page_size");
  });

  it("refuses a page that starts beyond the search window instead of answering an empty page", async () => {
    const last = await h.client.searchOrders({ pageSize: 100, page: 1_000 });
    expect(last.orders).toEqual([]);
    const error = await rejection(h.client.searchOrders({ pageSize: 100, page: 1_001 }));
    expect(error?.code).toBe(Code.InvalidArgument);
    const [violation] = fieldViolationsOf(error);
    expect(violation?.field).toBe("page");
    expect(violation?.description).toContain("must be at most 1000 with page_size 100");
  });
});

describe("SearchOrders at the index's limits", () => {
  // The same documents in an index whose maxTotalHits and maxValuesPerFacet are tiny, so the
  // engine's own capping is what the response has to report.
  const limits = { maxTotalHits: 4, maxValuesPerFacet: 2 };
  const search = (req: Parameters<typeof create<typeof SearchOrdersRequestSchema>>[1]) =>
    searchOrders(
      create(SearchOrdersRequestSchema, req),
      h.meili.index<OrderDocument>(capped),
      limits,
    );
  const capped = `capped-${process.pid}`;
  beforeAll(async () => {
    const settings = indexSettings(h.indexes)[h.indexes.orders];
    await h.meili.createIndex(capped, { primaryKey: "id" }).waitTask();
    const task = await h.meili
      .index(capped)
      .updateSettings({
        ...settings,
        pagination: { maxTotalHits: limits.maxTotalHits },
        faceting: {
          maxValuesPerFacet: limits.maxValuesPerFacet,
          sortFacetValuesBy: { "*": "count" },
        },
      })
      .waitTask();
    expect(task.status).toBe("succeeded");
    await h.put(capped, seed);
  });

  it("counts every match exactly, and says when the pages end before them", async () => {
    const all = await search({ pageSize: 2 });
    expect(all.totalHits).toBe(6n);
    expect(all.totalPages).toBe(2);
    expect(all.totalPagesCapped).toBe(true);
    const few = await search({ filter: { regions: ["eu-west"] }, pageSize: 2 });
    expect(few.totalHits).toBe(3n);
    expect(few.totalPages).toBe(2);
    expect(few.totalPagesCapped).toBe(false);
  });

  it("keeps the most frequent facet values when it caps them, and says so", async () => {
    const r = await search({ facets: [OrderFacet.REGION, OrderFacet.CURRENCY], pageSize: 1 });
    const region = r.facets.find((f) => f.facet === OrderFacet.REGION);
    expect(region?.values.map((v) => v.value)).toHaveLength(2);
    expect(region?.values[0]).toMatchObject({ value: "eu-west", count: 3n });
    expect(region?.valuesCapped).toBe(true);
    const currency = r.facets.find((f) => f.facet === OrderFacet.CURRENCY);
    expect(currency?.values.map((v) => v.value).sort()).toEqual(["EUR", "USD"]);
  });

  it("refuses the first page past the window with the page field", async () => {
    await expect(search({ pageSize: 2, page: 3 })).rejects.toSatisfy(
      (e) => e instanceof ConnectError && e.code === Code.InvalidArgument,
    );
    expect((await search({ pageSize: 2, page: 2 })).orders).toHaveLength(2);
  });
});
