import { describe, expect, it } from "vitest";
import { isolationOrder, type OrderMix } from "../../bench/isolation/isolation-orders.js";

const mix: OrderMix = { run: "t", months: 24, lastMonth: "2026-11", products: 300 };
const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);

describe("the isolation bench's order mix", () => {
  it("gives the same order for the same index", () => {
    expect(isolationOrder(mix, 1234)).toEqual(isolationOrder(mix, 1234));
    expect(isolationOrder(mix, 1234)).not.toEqual(isolationOrder(mix, 1235));
  });

  it("spreads orders evenly over the months, completed in the month they were created", () => {
    const orders = Array.from({ length: 2_400 }, (_, i) => isolationOrder(mix, i));
    const perMonth = new Map<string, number>();
    for (const o of orders)
      perMonth.set(month(o.createdAt), (perMonth.get(month(o.createdAt)) ?? 0) + 1);
    expect([...perMonth.keys()].sort()).toHaveLength(24);
    expect([...perMonth.keys()].sort().at(-1)).toBe("2026-11");
    expect([...perMonth.keys()].sort()[0]).toBe("2024-12");
    expect(new Set(perMonth.values())).toEqual(new Set([100]));
    for (const o of orders) {
      if (o.completedAt !== undefined) expect(month(o.completedAt)).toBe(month(o.createdAt));
    }
  });

  it("completes about four orders in five, with three lines on average, one line per product", () => {
    const orders = Array.from({ length: 5_000 }, (_, i) => isolationOrder(mix, i));
    const completed = orders.filter((o) => o.completedAt !== undefined).length / orders.length;
    expect(completed).toBeGreaterThan(0.75);
    expect(completed).toBeLessThan(0.85);
    const lines = orders.reduce((n, o) => n + o.lines.length, 0) / orders.length;
    expect(lines).toBeGreaterThan(2.5);
    expect(lines).toBeLessThan(3.2);
    for (const o of orders) {
      expect(new Set(o.lines.map((l) => l.productId)).size).toBe(o.lines.length);
    }
  });
});
