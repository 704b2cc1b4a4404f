import { type CompletedOrder, reportKeys } from "@orderlens/domain";
import { describe, expect, it } from "vitest";
import { orderLines } from "./order-lines.js";

const order: CompletedOrder = {
  status: "completed",
  orderId: "o-1",
  customerId: "c-1",
  region: "apac",
  currency: "JPY",
  items: [
    { productId: "p-1", productName: "Tea", quantity: 3, unitPriceMinor: 450 },
    { productId: "p-2", productName: "Cup", quantity: 1, unitPriceMinor: 1_200 },
  ],
  totalMinor: 2_550,
  createdAt: Date.parse("2026-01-31T20:00:00Z"),
  completedAt: Date.parse("2026-01-31T23:30:00Z"),
};

describe("orderLines", () => {
  it("gives one line per item with its total, in the month and day of the completion", () => {
    const lines = orderLines(order, 4, reportKeys(order.completedAt, "Asia/Tokyo"));
    expect(lines).toEqual([
      {
        orderId: "o-1",
        customerId: "c-1",
        region: "apac",
        currency: "JPY",
        productId: "p-1",
        productName: "Tea",
        quantity: 3,
        unitPriceMinor: 450,
        lineTotalMinor: 1_350,
        createdAt: order.createdAt,
        completedAt: order.completedAt,
        completedDay: "2026-02-01",
        orderVersion: 4,
        month: "2026-02",
      },
      expect.objectContaining({ productId: "p-2", lineTotalMinor: 1_200, month: "2026-02" }),
    ]);
  });

  it("cuts the month in the zone it is given: the same order is a January sale in UTC", () => {
    const [line] = orderLines(order, 4, reportKeys(order.completedAt, "UTC"));
    expect(line).toMatchObject({ month: "2026-01", completedDay: "2026-01-31" });
  });
});
