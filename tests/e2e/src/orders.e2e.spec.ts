import { Code } from "@connectrpc/connect";
import { OrderFacet, OrderStatus, SalesGroupBy, SalesRankBy } from "@orderlens/contracts";
import { fieldViolationsOf } from "@orderlens/server";
import { eventually, rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type System, startSystem } from "./system-harness.js";

let system: System;
const thisMonth = new Date().toISOString().slice(0, 7);
const item = (productId: string, quantity: number, unitPriceMinor: bigint) => ({
  productId,
  productName: `Product ${productId}`,
  quantity,
  unitPriceMinor,
});

async function productReport() {
  return system.queries.getSalesReport({
    range: { case: "months", value: { from: thisMonth, to: thisMonth } },
    groupBy: SalesGroupBy.PRODUCT,
    rankBy: SalesRankBy.REVENUE,
  });
}

beforeAll(async () => {
  system = await startSystem("e2e orders");
});
afterAll(() => system.stop());

describe("orderlens end to end", () => {
  it("create -> complete -> visible in GetOrder (read-your-writes), search and the sales report", async () => {
    const created = await system.commands.createOrder({
      requestId: "e2e-create-1",
      customerId: "cust-e2e",
      region: "eu-west",
      currency: "EUR",
      items: [item("e2e-sku-1", 2, 1_250n), item("e2e-sku-2", 1, 499n)],
    });
    const orderId = created.outcome?.orderId ?? "";
    const completed = await system.commands.completeOrder({ orderId, expectedVersion: 1n });
    expect(completed.outcome?.version).toBe(2n);

    const read = await system.queries.getOrder({
      orderId,
      minVersion: completed.outcome?.version ?? 0n,
      maxWait: { seconds: 5n, nanos: 0 },
    });
    expect(read.minVersionReached).toBe(true);
    expect(read.order).toMatchObject({
      orderId,
      status: OrderStatus.COMPLETED,
      totalMinor: 2_999n,
      version: 2n,
    });

    await eventually(async () => {
      const found = await system.queries.searchOrders({
        query: "Product e2e-sku-2",
        filter: { statuses: [OrderStatus.COMPLETED], regions: ["eu-west"] },
        facets: [OrderFacet.STATUS],
      });
      expect(found.orders.map((o) => o.orderId)).toContain(orderId);
      expect(found.facets[0]?.values).toEqual([
        {
          $typeName: "orderlens.reports.v1.FacetValue",
          value: "completed",
          count: found.totalHits,
        },
      ]);
    });
    await eventually(async () => {
      const report = await productReport();
      expect(report.rows.map((r) => [r.key, r.revenueMinor, r.quantity, r.orderCount])).toEqual([
        ["e2e-sku-1", 2_500n, 2n, 1n],
        ["e2e-sku-2", 499n, 1n, 1n],
      ]);
      expect(report.totals).toMatchObject([
        { currency: "EUR", revenueMinor: 2_999n, orderCount: 1n },
      ]);
    });
  });

  it("GetOrder says how far behind the projection is when the wait runs out", async () => {
    const created = await system.commands.createOrder({
      customerId: "cust-e2e",
      region: "eu-west",
      currency: "EUR",
      items: [item("e2e-sku-3", 1, 100n)],
    });
    const orderId = created.outcome?.orderId ?? "";
    const read = await system.queries.getOrder({
      orderId,
      minVersion: 5n,
      maxWait: { seconds: 0n, nanos: 300_000_000 },
    });
    expect(read.minVersionReached).toBe(false);
    expect(read.projectedVersion).toBeLessThan(5n);
    expect(
      Number(read.waited?.nanos ?? 0) / 1e6 + Number(read.waited?.seconds ?? 0n) * 1000,
    ).toBeGreaterThanOrEqual(290);
  });

  it("cancel after complete is rejected and the report does not change", async () => {
    const before = await eventually(async () =>
      expect((await productReport()).rows.length).toBeGreaterThan(0),
    ).then(productReport);
    const created = await system.commands.createOrder({
      customerId: "cust-e2e",
      region: "us-east",
      currency: "USD",
      items: [item("e2e-sku-9", 3, 1_000n)],
    });
    const orderId = created.outcome?.orderId ?? "";
    const done = await system.commands.completeOrder({ orderId });
    const err = await rejection(system.commands.cancelOrder({ orderId, reason: "too late" }));
    expect(err.code).toBe(Code.FailedPrecondition);
    await system.queries.getOrder({ orderId, minVersion: done.outcome?.version ?? 0n });
    await eventually(async () => {
      const after = await productReport();
      const usd = after.rows.filter((r) => r.currency === "USD");
      expect(usd.map((r) => [r.key, r.revenueMinor])).toEqual([["e2e-sku-9", 3_000n]]);
      expect(after.rows.filter((r) => r.currency === "EUR")).toEqual(
        before.rows.filter((r) => r.currency === "EUR"),
      );
    });
    const read = await system.queries.getOrder({ orderId });
    expect(read.order?.status).toBe(OrderStatus.COMPLETED);
  });

  it("bad queries get INVALID_ARGUMENT naming the field", async () => {
    const unknownGroup = await rejection(
      system.queries.getSalesReport({
        range: { case: "months", value: { from: thisMonth, to: thisMonth } },
        groupBy: 42 as SalesGroupBy,
      }),
    );
    expect(unknownGroup.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(unknownGroup).map((v) => v.field)).toEqual(["group_by"]);
    const inverted = await rejection(
      system.queries.getSalesReport({
        range: { case: "months", value: { from: "2026-05", to: "2026-02" } },
        groupBy: SalesGroupBy.MONTH,
      }),
    );
    expect(fieldViolationsOf(inverted).map((v) => v.field)).toEqual(["months.to"]);
    const page = await rejection(system.queries.searchOrders({ pageSize: 1_000 }));
    expect(page.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(page).map((v) => v.field)).toEqual(["page_size"]);
    const badId = await rejection(system.queries.getOrder({ orderId: "has spaces" }));
    expect(fieldViolationsOf(badId).map((v) => v.field)).toEqual(["order_id"]);
  });

  it("GetProjectionStatus reports the projector's progress", async () => {
    await eventually(
      async () => {
        const status = await system.queries.getProjectionStatus({});
        expect(status.partitions).toHaveLength(4);
        expect(status.lastAppliedPosition).toBeGreaterThan(0n);
      },
      { timeoutMs: 10_000 },
    );
  });
});
