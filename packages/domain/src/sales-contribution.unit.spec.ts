import { describe, expect, it } from "vitest";
import { item, orderCreated } from "../test/fixtures.js";
import { foldEvents } from "./decider.js";
import type { OrderEvent } from "./events.js";
import { salesContribution } from "./sales-contribution.js";
import { initialState } from "./state.js";

const created = orderCreated({
  region: "APAC",
  currency: "JPY",
  items: [
    item(1, { quantity: 2, unitPriceMinor: 500 }),
    item(2, { quantity: 1, unitPriceMinor: 300 }),
  ],
  // Created in January (any zone) ...
  at: Date.parse("2026-01-10T00:00:00Z"),
});
// ... completed on 2026-01-31T23:30Z, which is February in Tokyo.
const completed: OrderEvent = {
  type: "OrderCompleted",
  orderId: "order-1",
  totalMinor: 1300,
  completedAt: Date.parse("2026-01-31T23:30:00Z"),
};

describe("salesContribution", () => {
  it("attributes a completed order to its completion date in the reporting zone", () => {
    const state = foldEvents([created, completed]);
    expect(salesContribution(state, "Asia/Tokyo")).toEqual({
      byMonthProduct: [
        {
          month: "2026-02",
          productId: "sku-1",
          productName: "Product 1",
          currency: "JPY",
          quantity: 2,
          revenueMinor: 1000,
        },
        {
          month: "2026-02",
          productId: "sku-2",
          productName: "Product 2",
          currency: "JPY",
          quantity: 1,
          revenueMinor: 300,
        },
      ],
      byMonthRegion: [
        { month: "2026-02", region: "APAC", currency: "JPY", revenueMinor: 1300, orders: 1 },
      ],
      byDay: [{ day: "2026-02-01", currency: "JPY", revenueMinor: 1300, orders: 1 }],
    });
    expect(salesContribution(state).byDay[0]?.day).toBe("2026-01-31");
  });

  it("counts nothing for pending, cancelled or non-existent orders", () => {
    const empty = { byMonthProduct: [], byMonthRegion: [], byDay: [] };
    expect(salesContribution(initialState(), "UTC")).toEqual(empty);
    expect(salesContribution(foldEvents([created]), "UTC")).toEqual(empty);
    const cancelled: OrderEvent = {
      type: "OrderCancelled",
      orderId: "order-1",
      reason: "",
      cancelledAt: completed.type === "OrderCompleted" ? completed.completedAt : 0,
    };
    expect(salesContribution(foldEvents([created, cancelled]), "UTC")).toEqual(empty);
  });

  it("validates the time zone even when there is nothing to count", () => {
    expect(() => salesContribution(foldEvents([created]), "Nowhere/Land")).toThrow(RangeError);
    expect(() => salesContribution(foldEvents([created, completed]), "Nowhere/Land")).toThrow(
      RangeError,
    );
  });

  it("row revenues add up to the order total", () => {
    const rows = salesContribution(foldEvents([created, completed]), "UTC");
    const sum = rows.byMonthProduct.reduce((acc, row) => acc + row.revenueMinor, 0);
    expect(sum).toBe(rows.byMonthRegion[0]?.revenueMinor);
  });
});
