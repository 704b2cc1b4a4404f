import { createTestDatabase, type TestDatabase } from "@orderlens/testing";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bulkLoadOrders,
  completeOrder,
  createBaselineSchema,
  monthlyReport,
  placeOrder,
  type ReportRow,
  topProductsReport,
} from "../../bench/isolation/baseline-store.js";
import {
  type IsolationOrder,
  isolationOrder,
  type OrderMix,
} from "../../bench/isolation/isolation-orders.js";

const mix: OrderMix = { run: "base", months: 24, lastMonth: "2026-11", products: 40 };
let database: TestDatabase;
let pool: mysql.Pool;

beforeAll(async () => {
  database = await createTestDatabase("isolation baseline");
  pool = mysql.createPool({ uri: database.url, timezone: "Z", connectionLimit: 4 });
  await createBaselineSchema(pool);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** What a report must say, computed from the orders themselves: completed ones, by month. */
function expectedReport(orders: IsolationOrder[], grouping: "product" | "region"): ReportRow[] {
  const rows = new Map<string, ReportRow & { ids: Set<string> }>();
  for (const o of orders) {
    if (o.completedAt === undefined) continue;
    const month = new Date(o.completedAt).toISOString().slice(0, 7);
    for (const l of o.lines) {
      const key = grouping === "product" ? l.productId : o.region;
      const id = `${month}|${key}|${o.currency}`;
      const row = rows.get(id) ?? {
        month,
        key,
        currency: o.currency,
        quantity: 0,
        revenueMinor: 0n,
        orders: 0,
        ids: new Set<string>(),
      };
      row.quantity += l.quantity;
      row.revenueMinor += BigInt(l.quantity * l.unitPriceMinor);
      row.ids.add(o.orderId);
      row.orders = row.ids.size;
      rows.set(id, row);
    }
  }
  return [...rows.values()]
    .map(({ ids: _ids, ...row }) => row)
    .sort((a, b) =>
      a.month === b.month
        ? a.key === b.key
          ? a.currency.localeCompare(b.currency)
          : a.key.localeCompare(b.key)
        : a.month.localeCompare(b.month),
    );
}

describe("the single-database baseline", () => {
  const loaded = Array.from({ length: 600 }, (_, i) => isolationOrder(mix, i));
  const placed = Array.from({ length: 30 }, (_, i) => isolationOrder(mix, 600 + i));

  it("answers the monthly reports with GROUP BY exactly as the orders add up", async () => {
    await bulkLoadOrders(pool, loaded);
    // Checkout through ordinary transactions: placed pending, then completed when the mix says.
    for (const o of placed) await placeOrder(pool, o);
    for (const o of placed) {
      if (o.completedAt !== undefined) await completeOrder(pool, o.orderId, o.completedAt);
    }
    const all = [...loaded, ...placed];
    for (const grouping of ["product", "region"] as const) {
      const rows = await monthlyReport(pool, grouping, "2024-12", "2026-11");
      expect(rows).toEqual(expectedReport(all, grouping));
    }
    const oneMonth = await monthlyReport(pool, "region", "2026-03", "2026-03");
    expect(new Set(oneMonth.map((r) => r.month))).toEqual(new Set(["2026-03"]));
  });

  it("ranks a month's top products per currency by revenue, ties by product id", async () => {
    const all = [...loaded, ...placed];
    const month = "2026-03";
    const expected = expectedReport(all, "product")
      .filter((r) => r.month === month)
      .sort((a, b) =>
        a.currency === b.currency
          ? Number(b.revenueMinor - a.revenueMinor) || a.key.localeCompare(b.key)
          : a.currency.localeCompare(b.currency),
      );
    const top3 = ["EUR", "GBP", "USD"].flatMap((c) =>
      expected.filter((r) => r.currency === c).slice(0, 3),
    );
    expect(top3.length).toBeGreaterThan(3);
    expect(await topProductsReport(pool, month, 3)).toEqual(top3);
  });

  it("refuses to complete an order that is not pending", async () => {
    const done = placed.find((o) => o.completedAt !== undefined);
    if (!done) throw new Error("no completed order in the mix");
    await expect(completeOrder(pool, done.orderId, Date.now())).rejects.toThrow(/not pending/);
  });
});
