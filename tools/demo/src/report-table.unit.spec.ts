import { describe, expect, it } from "vitest";
import { formatSalesReport } from "./report-table.js";

describe("formatSalesReport", () => {
  it("prints a title, a header, one aligned line a row and the totals per currency", () => {
    const text = formatSalesReport(
      {
        basis: "completed orders by completion date",
        timeZone: "UTC",
        rows: [
          {
            key: "2026-10",
            currency: "EUR",
            orderCount: 3n,
            quantity: 7n,
            revenueMinor: 123_456n,
          },
        ],
        totals: [{ currency: "EUR", orderCount: 3n, quantity: 7n, revenueMinor: 123_456n }],
      },
      { from: "2025-11", to: "2026-11" },
    );
    expect(text.split("\n")).toEqual([
      "",
      "Monthly sales 2025-11 .. 2026-11 (completed orders by completion date; time zone UTC)",
      "month    currency    orders    units         revenue",
      "2026-10  EUR              3        7        1,234.56",
      "total    EUR              3        7        1,234.56",
      "",
    ]);
  });
});
