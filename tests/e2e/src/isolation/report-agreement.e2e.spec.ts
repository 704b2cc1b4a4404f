// The isolation bench's precondition, at small scale: the same orders loaded into the baseline
// and appended to orderlens's event store (relayed, projected, pushed to Meilisearch) give the
// same monthly reports, row for row, and the same top products; and the check does fail on a difference.
import { createTestDatabase, eventually, type TestDatabase } from "@orderlens/testing";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bulkLoadOrders,
  completeOrder,
  createBaselineSchema,
  monthlyReport,
  topProductsReport,
} from "../../bench/isolation/baseline-store.js";
import {
  isolationOrder,
  monthsBetween,
  type OrderMix,
} from "../../bench/isolation/isolation-orders.js";
import { appendOrderEvents } from "../../bench/isolation/orderlens-seed.js";
import { orderlensMonthReport, reportDifferences } from "../../bench/isolation/report-agreement.js";
import { type System, startSystem } from "../system-harness.js";

const mix: OrderMix = {
  run: `iso${Date.now().toString(36)}`,
  months: 24,
  lastMonth: "2026-11",
  products: 30,
};
const months = monthsBetween("2024-12", "2026-11");
let system: System;
let baseline: TestDatabase;
let pool: mysql.Pool;

beforeAll(async () => {
  system = await startSystem("isolation agreement");
  baseline = await createTestDatabase("isolation agreement baseline");
  pool = mysql.createPool({ uri: baseline.url, timezone: "Z", connectionLimit: 4 });
  await createBaselineSchema(pool);
});
afterAll(async () => {
  await pool?.end();
  await baseline?.drop();
  await system?.stop();
});

async function differences(): Promise<string[]> {
  const out: string[] = [];
  for (const month of months) {
    for (const grouping of ["product", "region"] as const) {
      const [expected, actual] = await Promise.all([
        monthlyReport(pool, grouping, month, month),
        orderlensMonthReport(system.queries, grouping, month),
      ]);
      out.push(...reportDifferences(expected, actual));
    }
    const [expected, actual] = await Promise.all([
      topProductsReport(pool, month, 5),
      orderlensMonthReport(system.queries, "product", month, 5),
    ]);
    out.push(...reportDifferences(expected, actual).map((d) => `top 5: ${d}`));
  }
  return out;
}

describe("the isolation bench's report agreement", () => {
  const orders = Array.from({ length: 720 }, (_, i) => isolationOrder(mix, i));

  it("gives the same monthly reports from GROUP BY and from orderlens, after the same orders", async () => {
    await bulkLoadOrders(pool, orders);
    const events = await appendOrderEvents(system.eventsUrl, orders, 250);
    expect(events).toBe(orders.reduce((n, o) => n + (o.completedAt === undefined ? 1 : 2), 0));
    expect(monthsBetween("2024-12", "2026-11")).toHaveLength(24);
    await eventually(async () => expect(await differences()).toEqual([]), {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
  }, 120_000);

  it("fails on a difference, naming the row", async () => {
    const pending = orders.find((o) => o.completedAt === undefined);
    if (!pending) throw new Error("no pending order in the mix");
    const completedAt = pending.createdAt + 60_000;
    // Completed in the baseline only: orderlens never heard of it.
    await completeOrder(pool, pending.orderId, completedAt);
    const month = new Date(completedAt).toISOString().slice(0, 7);
    const found = await differences();
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((d) => d.startsWith(`${month}|${pending.region}|${pending.currency}:`))).toBe(
      true,
    );
  });
});
