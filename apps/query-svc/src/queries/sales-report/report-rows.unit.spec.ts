import { SalesRankBy } from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import type { ReportPlan, SalesDocument } from "./report-plan.js";
import { orderRows, sumRows, withOrderTotals } from "./report-rows.js";

const doc = (
  month: string,
  productId: string,
  currency: string,
  revenueMinor: number,
  quantity = 1,
  completedOrders = 1,
): SalesDocument => ({ month, productId, currency, revenueMinor, quantity, completedOrders });

const plan = (p: Partial<ReportPlan> = {}): ReportPlan => ({
  index: "sales",
  filter: [],
  keyOf: (d) => d.productId ?? "",
  rankBy: SalesRankBy.REVENUE,
  topN: 0,
  chronological: false,
  ...p,
});

describe("report rows", () => {
  it("sums per currency and key, never across currencies", () => {
    const { rows, totals } = sumRows(
      [
        doc("2026-09", "a", "EUR", 100),
        doc("2026-10", "a", "EUR", 50),
        doc("2026-10", "a", "USD", 7),
      ],
      (d) => d.productId ?? "",
    );
    expect(rows.map((r) => [r.currency, r.key, r.revenueMinor])).toEqual([
      ["EUR", "a", 150n],
      ["USD", "a", 7n],
    ]);
    expect(totals.map((t) => [t.currency, t.revenueMinor, t.orderCount])).toEqual([
      ["EUR", 150n, 2n],
      ["USD", 7n, 1n],
    ]);
  });

  it("stays exact past 2^53 minor units, where float sums would not", () => {
    const big = 2 ** 53 - 1;
    const { totals } = sumRows(
      [doc("m", "a", "EUR", big), doc("m", "b", "EUR", 2)],
      (d) => d.month,
    );
    expect(totals[0]?.revenueMinor).toBe(9_007_199_254_740_993n);
  });

  it("reads the exact digits a document carries beyond 2^53, not its rounded number", () => {
    const rounded = { ...doc("m", "a", "EUR", 2 ** 53), revenueMinorExact: "9007199254740993" };
    const { rows, totals } = sumRows([rounded, doc("m", "b", "EUR", 1)], (d) => d.month);
    expect(rows[0]?.revenueMinor).toBe(9_007_199_254_740_994n);
    expect(totals[0]?.revenueMinor).toBe(9_007_199_254_740_994n);
  });

  it("ranks by the chosen measure per currency, cuts to the top N, or keeps time order", () => {
    const { rows } = sumRows(
      [doc("m", "a", "EUR", 10, 9), doc("m", "b", "EUR", 30, 1), doc("m", "c", "EUR", 20, 5)],
      (d) => d.productId ?? "",
    );
    expect(orderRows(rows, plan()).map((r) => r.key)).toEqual(["b", "c", "a"]);
    expect(
      orderRows(rows, plan({ rankBy: SalesRankBy.QUANTITY, topN: 2 })).map((r) => r.key),
    ).toEqual(["a", "c"]);
    expect(orderRows(rows, plan({ chronological: true })).map((r) => r.key)).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("takes exact order counts from the month x region rows", () => {
    const { totals } = sumRows(
      [doc("m", "a", "EUR", 10, 1, 2), doc("m", "b", "EUR", 10, 1, 2)],
      (d) => d.month,
    );
    const exact = withOrderTotals(totals, [
      {
        month: "m",
        region: "eu",
        currency: "EUR",
        revenueMinor: 20,
        quantity: 2,
        completedOrders: 3,
      },
    ]);
    expect(exact[0]?.orderCount).toBe(3n);
  });
});
