// The history export end to end: orders placed and completed through command-svc, projected,
// exported through the projector's admin API, and the README's DuckDB queries run over the files
// must give GetSalesReport's month, row for row and total for total, by product and by region.
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import {
  type GetSalesReportResponse,
  ProjectorAdmin,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import {
  historyVariables,
  orderLinesView,
  salesByProductQuery,
  salesByRegionQuery,
  salesTotalsQuery,
} from "@orderlens/projector";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForProjection } from "../dashboard/seed.js";
import { type System, startSystem, tokens } from "../system-harness.js";

const zone = "Asia/Tokyo";
const months = ["2025-02", "2025-03", "2025-04"];
const commandTime = (iso: string) => ({ headers: { "x-orderlens-command-time": iso } });

let system: System;
let admin: GrpcJsClient<typeof ProjectorAdmin>;
let historyDir: string;
let duck: DuckDBInstance;
let db: DuckDBConnection;

/**
 * Order i of the mix: most completed in March 2025 (Tokyo), a few on either side of its edges in
 * that zone, one in four cancelled, one in nine left pending; three regions, two currencies.
 */
function placement(i: number) {
  const day = 1 + (i % 27);
  const completedAt =
    i === 0
      ? "2025-02-28T15:30:00.000Z" // 2025-03-01 00:30 in Tokyo: March
      : i === 1
        ? "2025-03-31T15:30:00.000Z" // 2025-04-01 00:30 in Tokyo: April
        : `2025-03-${String(day).padStart(2, "0")}T0${i % 10}:15:00.000Z`;
  const createdAt = new Date(Date.parse(completedAt) - 3_600_000).toISOString();
  const end = i > 1 && i % 4 === 3 ? "cancel" : i > 1 && i % 9 === 5 ? "pending" : "complete";
  return { createdAt, completedAt, end };
}

async function placeOrder(i: number): Promise<void> {
  const { createdAt, completedAt, end } = placement(i);
  const orderId = `hist-${i}`;
  await system.commands.createOrder(
    {
      requestId: `${orderId}-create`,
      orderId,
      customerId: `c-${i % 5}`,
      region: ["eu-west", "us-east", "apac"][i % 3] ?? "eu-west",
      currency: i % 3 === 1 ? "USD" : "EUR",
      items: [
        {
          productId: `p-${i % 6}`,
          productName: `Product ${i % 6}`,
          quantity: 1 + (i % 4),
          unitPriceMinor: BigInt(500 + 125 * (i % 7)),
        },
        {
          productId: `extra-${i % 2}`,
          productName: `Extra ${i % 2}`,
          quantity: 1,
          unitPriceMinor: 99n,
        },
      ],
    },
    commandTime(createdAt),
  );
  if (end === "complete")
    await system.commands.completeOrder({ orderId }, commandTime(completedAt));
  if (end === "cancel") {
    await system.commands.cancelOrder(
      { orderId, reason: "no longer needed" },
      commandTime(completedAt),
    );
  }
}

beforeAll(async () => {
  system = await startSystem("e2e history", { env: { REPORT_TIME_ZONE: zone } });
  historyDir = system.historyDir;
  admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${system.ports.projector}`, {
    token: tokens.admin,
  });
  for (let i = 0; i < 40; i++) await placeOrder(i);
  await waitForProjection(system);
  duck = await DuckDBInstance.create(":memory:");
  db = await duck.connect();
});
afterAll(async () => {
  db?.closeSync();
  duck?.closeSync();
  admin?.close();
  await system?.stop();
});

type Row = Record<string, string | bigint>;

/** A documented query's result, every number as a bigint (DuckDB sums are HUGEINT). */
async function duckRows(month: string, query: string): Promise<Row[]> {
  await db.run(historyVariables(historyDir, month));
  await db.run(orderLinesView);
  const reader = await db.runAndReadAll(query);
  return reader
    .getRowObjectsJS()
    .map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === "string" ? v : BigInt(v as bigint)]),
      ),
    );
}

async function salesReport(month: string, groupBy: SalesGroupBy): Promise<GetSalesReportResponse> {
  return system.queries.getSalesReport({
    range: { case: "months", value: { from: month, to: month } },
    groupBy,
    rankBy: SalesRankBy.REVENUE,
  });
}

const reportRows = (r: GetSalesReportResponse): Row[] =>
  r.rows.map((row) => ({
    key: row.key,
    label: row.label,
    currency: row.currency,
    revenue_minor: row.revenueMinor,
    quantity: row.quantity,
    order_count: row.orderCount,
  }));

const reportTotals = (r: GetSalesReportResponse): Row[] =>
  r.totals.map((t) => ({
    currency: t.currency,
    revenue_minor: t.revenueMinor,
    quantity: t.quantity,
    order_count: t.orderCount,
  }));

describe("history export (ExportHistory, then DuckDB over the files)", () => {
  it("exports each month of the range into HISTORY_DIR", async () => {
    const reply = await admin.exportHistory({ fromMonth: months[0], toMonth: months.at(-1) });
    expect(reply.months.map((m) => m.month)).toEqual(months);
    const byMonth = Object.fromEntries(reply.months.map((m) => [m.month, m]));
    // February: nothing completed there in Tokyo (the 2025-02-28T15:30Z completion is March's).
    expect(byMonth["2025-02"]).toMatchObject({ path: "", rows: 0n, bytes: 0n });
    expect(byMonth["2025-03"]?.rows).toBeGreaterThan(40n);
    expect(byMonth["2025-03"]?.path).toBe(
      join(historyDir, "order_lines", "month=2025-03", "order_lines.parquet"),
    );
    expect(byMonth["2025-04"]?.rows).toBe(2n); // order 1: two lines
    expect(reply.files).toBe(2);
    expect(reply.totalRows).toBe(reply.months.reduce((n, m) => n + m.rows, 0n));
    expect(reply.eventsReplayed).toBeGreaterThanOrEqual(40n);
  });

  for (const month of months) {
    it(`the README's query by product equals GetSalesReport for ${month}, totals included`, async () => {
      const report = await salesReport(month, SalesGroupBy.PRODUCT);
      expect(await duckRows(month, salesByProductQuery)).toEqual(reportRows(report));
      expect(await duckRows(month, salesTotalsQuery)).toEqual(reportTotals(report));
    });

    it(`the README's query by region equals GetSalesReport for ${month}, totals included`, async () => {
      const report = await salesReport(month, SalesGroupBy.REGION);
      expect(await duckRows(month, salesByRegionQuery)).toEqual(reportRows(report));
      expect(await duckRows(month, salesTotalsQuery)).toEqual(reportTotals(report));
    });
  }

  it("compared something: March has both currencies, every region and several products", async () => {
    const report = await salesReport("2025-03", SalesGroupBy.PRODUCT);
    expect(report.totals.map((t) => t.currency)).toEqual(["EUR", "USD"]);
    expect(report.rows.length).toBeGreaterThanOrEqual(8);
    const regions = await salesReport("2025-03", SalesGroupBy.REGION);
    expect(new Set(regions.rows.map((r) => r.key))).toEqual(
      new Set(["eu-west", "us-east", "apac"]),
    );
  });
});
