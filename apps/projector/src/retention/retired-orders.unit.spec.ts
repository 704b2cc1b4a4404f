import { describe, expect, it } from "vitest";
import { outsideWindow } from "./retired-orders.js";

const row = (order_id: string, iso: string) => ({
  order_id,
  version: 2,
  created_at_ms: Date.parse(iso),
});

describe("outsideWindow", () => {
  const window = { firstMonth: "2026-10", months: 3 };
  const rows = [
    row("before", "2026-09-30T13:00:00Z"),
    row("edge", "2026-09-30T20:00:00Z"),
    row("inside", "2026-10-01T00:00:00Z"),
  ];

  it("takes the orders created before the window's first month, cut in UTC", () => {
    expect(outsideWindow(rows, window, "UTC").map((o) => [o.orderId, o.orderMonth])).toEqual([
      ["before", "2026-09"],
      ["edge", "2026-09"],
    ]);
  });

  it("cuts the month in the reporting zone: 20:00 UTC on 30 September is October in Tokyo", () => {
    expect(outsideWindow(rows, window, "Asia/Tokyo").map((o) => o.orderId)).toEqual(["before"]);
  });
});
