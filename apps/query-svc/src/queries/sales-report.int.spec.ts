import { Code } from "@connectrpc/connect";
import { SalesGroupBy, SalesRankBy } from "@orderlens/contracts";
import { fieldViolationsOf } from "@orderlens/server";
import { rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dailyDoc,
  productMonthDoc,
  type QueryHarness,
  regionMonthDoc,
  startQueryHarness,
} from "../../test/query-svc-harness.js";

let h: QueryHarness;
const months = (from: string, to: string) => ({ case: "months" as const, value: { from, to } });
const rowsOf = (r: {
  rows: {
    key: string;
    currency: string;
    revenueMinor: bigint;
    quantity: bigint;
    orderCount: bigint;
  }[];
}) =>
  r.rows.map((x) => [
    x.currency,
    x.key,
    Number(x.revenueMinor),
    Number(x.quantity),
    Number(x.orderCount),
  ]);

beforeAll(async () => {
  h = await startQueryHarness();
  await h.put(h.indexes.salesByProductMonth, [
    productMonthDoc("2026-09", "sku-1", "EUR", 4, 4_000, 3),
    productMonthDoc("2026-10", "sku-1", "EUR", 2, 2_000, 2),
    productMonthDoc("2026-10", "sku-2", "EUR", 1, 8_900, 1),
    productMonthDoc("2026-10", "sku-3", "EUR", 5, 500, 2),
    productMonthDoc("2026-10", "sku-2", "USD", 2, 17_800, 2),
  ]);
  // Three EUR orders in October: one holds sku-1 and sku-3, so product rows count 5 orders.
  await h.put(h.indexes.salesByRegionMonth, [
    regionMonthDoc("2026-09", "eu-west", "EUR", 4, 4_000, 3),
    regionMonthDoc("2026-10", "eu-west", "EUR", 6, 9_400, 2, 1),
    regionMonthDoc("2026-10", "apac", "EUR", 2, 2_000, 1),
    regionMonthDoc("2026-10", "us-east", "USD", 2, 17_800, 2),
  ]);
  await h.put(h.indexes.salesDaily, [
    dailyDoc("2026-10-01", "EUR", 3, 2_500, 1),
    dailyDoc("2026-10-02", "EUR", 5, 8_900, 2),
    dailyDoc("2026-10-02", "USD", 2, 17_800, 2),
  ]);
});
afterAll(() => h.stop());

describe("GetSalesReport", () => {
  it("ranks products by revenue per currency, with exact order totals", async () => {
    const r = await h.client.getSalesReport({
      range: months("2026-10", "2026-10"),
      groupBy: SalesGroupBy.PRODUCT,
      rankBy: SalesRankBy.REVENUE,
    });
    expect(rowsOf(r)).toEqual([
      ["EUR", "sku-2", 8_900, 1, 1],
      ["EUR", "sku-1", 2_000, 2, 2],
      ["EUR", "sku-3", 500, 5, 2],
      ["USD", "sku-2", 17_800, 2, 2],
    ]);
    expect(r.rows[0]?.label).toBe("Product sku-2");
    expect(r.totals.map((t) => [t.currency, Number(t.revenueMinor), Number(t.orderCount)])).toEqual(
      [
        ["EUR", 11_400, 3],
        ["USD", 17_800, 2],
      ],
    );
    expect(r.timeZone).toBe("UTC");
  });

  it("keeps the top N per currency by quantity, totals over all rows", async () => {
    const r = await h.client.getSalesReport({
      range: months("2026-10", "2026-10"),
      groupBy: SalesGroupBy.PRODUCT,
      rankBy: SalesRankBy.QUANTITY,
      topN: 1,
      currency: "EUR",
    });
    expect(rowsOf(r)).toEqual([["EUR", "sku-3", 500, 5, 2]]);
    expect(r.totals.map((t) => Number(t.quantity))).toEqual([8]);
  });

  it("cuts a one-month top N from ranked reads, ties by key, equal to the whole month's head", async () => {
    // November: three products tied at the cut, and a currency with only a cancellation.
    await h.put(h.indexes.salesByProductMonth, [
      productMonthDoc("2026-11", "sku-c", "EUR", 1, 1_000, 1),
      productMonthDoc("2026-11", "sku-a", "EUR", 3, 1_000, 1),
      productMonthDoc("2026-11", "sku-b", "EUR", 2, 1_000, 2),
      productMonthDoc("2026-11", "sku-d", "EUR", 9, 400, 1),
      productMonthDoc("2026-11", "sku-e", "EUR", 1, 5_000, 1),
    ]);
    await h.put(h.indexes.salesByRegionMonth, [
      regionMonthDoc("2026-11", "eu-west", "EUR", 16, 8_400, 4),
      regionMonthDoc("2026-11", "uk", "GBP", 0, 0, 0, 1),
    ]);
    const report = (topN: number, rankBy: SalesRankBy) =>
      h.client.getSalesReport({
        range: months("2026-11", "2026-11"),
        groupBy: SalesGroupBy.PRODUCT,
        topN,
        rankBy,
      });
    const top = await report(3, SalesRankBy.REVENUE);
    const whole = await report(0, SalesRankBy.REVENUE);
    expect(rowsOf(top)).toEqual([
      ["EUR", "sku-e", 5_000, 1, 1],
      ["EUR", "sku-a", 1_000, 3, 1],
      ["EUR", "sku-b", 1_000, 2, 2],
    ]);
    expect(rowsOf(top)).toEqual(rowsOf(whole).slice(0, 3));
    expect(top.totals).toEqual(whole.totals);
    expect(top.totals.map((t) => t.currency)).toEqual(["EUR"]);
    expect(rowsOf(await report(1, SalesRankBy.QUANTITY))).toEqual([["EUR", "sku-d", 400, 9, 1]]);
  });

  it("ranks exactly past 2^53, where the engine ranks rounded numbers", async () => {
    await h.put(h.indexes.salesByProductMonth, [
      {
        ...productMonthDoc("2026-12", "sku-x", "EUR", 1, 2 ** 53, 1),
        revenueMinorExact: "9007199254740993",
      },
      {
        ...productMonthDoc("2026-12", "sku-y", "EUR", 1, 2 ** 53, 1),
        revenueMinorExact: "9007199254740992",
      },
    ]);
    await h.put(h.indexes.salesByRegionMonth, [
      {
        ...regionMonthDoc("2026-12", "eu-west", "EUR", 2, 2 ** 54, 2),
        revenueMinorExact: "18014398509481985",
      },
    ]);
    const r = await h.client.getSalesReport({
      range: months("2026-12", "2026-12"),
      groupBy: SalesGroupBy.PRODUCT,
      topN: 1,
    });
    expect(r.rows.map((x) => [x.key, x.revenueMinor])).toEqual([["sku-x", 9007199254740993n]]);
    expect(r.totals.map((t) => t.revenueMinor)).toEqual([18014398509481985n]);
  });

  it("reports regions and months from the month x region aggregates", async () => {
    const regions = await h.client.getSalesReport({
      range: months("2026-10", "2026-10"),
      groupBy: SalesGroupBy.REGION,
      currency: "EUR",
    });
    expect(rowsOf(regions)).toEqual([
      ["EUR", "eu-west", 9_400, 6, 2],
      ["EUR", "apac", 2_000, 2, 1],
    ]);
    const byMonth = await h.client.getSalesReport({
      range: months("2026-09", "2026-10"),
      groupBy: SalesGroupBy.MONTH,
    });
    expect(rowsOf(byMonth)).toEqual([
      ["EUR", "2026-09", 4_000, 4, 3],
      ["EUR", "2026-10", 11_400, 8, 3],
      ["USD", "2026-10", 17_800, 2, 2],
    ]);
  });

  it("reports days in time order", async () => {
    const r = await h.client.getSalesReport({
      range: { case: "days", value: { from: "2026-10-01", to: "2026-10-03" } },
      groupBy: SalesGroupBy.DAY,
    });
    expect(rowsOf(r)).toEqual([
      ["EUR", "2026-10-01", 2_500, 3, 1],
      ["EUR", "2026-10-02", 8_900, 5, 2],
      ["USD", "2026-10-02", 17_800, 2, 2],
    ]);
  });

  it("refuses what the aggregates cannot answer exactly, naming the field", async () => {
    const error = await rejection(
      h.client.getSalesReport({
        range: { case: "days", value: { from: "2026-10-01", to: "2026-10-03" } },
        groupBy: SalesGroupBy.PRODUCT,
      }),
    );
    expect(error?.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(error).map((v) => v.field)).toEqual(["days"]);
  });
});
