import { describe, expect, it } from "vitest";
import { dailyDocument, productMonthDocument, regionMonthDocument } from "./sales-documents.js";

const row = (revenue: string) => ({
  month: "2026-03",
  day: "2026-03-04",
  product_id: "p-1",
  product_name: "Beans",
  region: "eu-west",
  currency: "VND",
  quantity: 3,
  revenue_minor: revenue,
  completed_orders: 2,
  cancelled_orders: 0,
});

describe("sales documents", () => {
  it("carry revenue as a plain number while it is exact", () => {
    const doc = productMonthDocument(row("9007199254740991") as never);
    expect(doc.revenueMinor).toBe(9_007_199_254_740_991);
    expect(doc).not.toHaveProperty("revenueMinorExact");
  });

  it("add the exact digits beyond 2^53, where the number rounds, in every sales index", () => {
    for (const build of [productMonthDocument, regionMonthDocument, dailyDocument]) {
      const doc = build(row("9007199254740993") as never);
      expect(doc.revenueMinorExact).toBe("9007199254740993");
      expect(doc.revenueMinor).toBe(2 ** 53);
    }
  });

  it("refuse a count beyond 2^53 instead of rounding it", () => {
    expect(() =>
      productMonthDocument({ ...row("1"), quantity: "9007199254740993" } as never),
    ).toThrow("quantity 9007199254740993 is beyond the exact range of a JSON number");
  });
});
