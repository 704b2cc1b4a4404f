// Retention against real MySQL, RabbitMQ and Meilisearch: the windows' boundaries, a late event
// across them, redelivery and Verify and Rebuild once orders and aggregates are retired.
import { ProjectorAdmin } from "@orderlens/contracts";
import type { OrderEvent } from "@orderlens/domain";
import { createIndexNames, toDocumentId } from "@orderlens/meili-indexes";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import { eventually } from "@orderlens/testing";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  masterKey,
  type ProjectorHarness,
  startProjectorHarness,
} from "../test/projector-harness.js";
import type { RunningProjector } from "./projector.js";

let h: ProjectorHarness;
let p: RunningProjector;
let admin: GrpcJsClient<typeof ProjectorAdmin>;
let meili: Meilisearch;
const names = createIndexNames("");
// Seeded on 28 November (orders kept from September, reports from June), retired on 2 December
// (orders from October, reports from July): four days on, within the job's own interval, so
// only the runs the tests ask for run.
let now = Date.UTC(2026, 10, 28, 12);
const at = (iso: string) => Date.parse(iso);

function created(orderId: string, createdAt: number): OrderEvent {
  return {
    type: "OrderCreated",
    orderId,
    customerId: "c-1",
    region: "eu-west",
    currency: "EUR",
    items: [{ productId: "p-1", productName: "P 1", quantity: 2, unitPriceMinor: 500 }],
    createdAt,
  };
}
const completed = (orderId: string, completedAt: number): OrderEvent => ({
  type: "OrderCompleted",
  orderId,
  totalMinor: 1_000,
  completedAt,
});
const cancelled = (orderId: string, cancelledAt: number): OrderEvent => ({
  type: "OrderCancelled",
  orderId,
  reason: "late",
  cancelledAt,
});

async function place(orderId: string, events: OrderEvent[], afterVersion = 0) {
  const stored = await h.append(orderId, events, afterVersion);
  await h.publish(stored);
  return stored;
}

async function orderIds(): Promise<string[]> {
  const page = await meili.index(names.orders).getDocuments<{ orderId: string }>({ limit: 100 });
  return page.results.map((d) => d.orderId).sort();
}

async function months(index: string): Promise<string[]> {
  const page = await meili.index(index).getDocuments<{ month: string }>({ limit: 100 });
  return [...new Set(page.results.map((d) => d.month))].sort();
}

async function metric(name: string): Promise<number> {
  const text = await p.server.registry.metrics();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return Number(line?.split(" ")[1] ?? Number.NaN);
}

beforeAll(async () => {
  h = await startProjectorHarness("retention");
  p = await h.startProjector(
    { orderRetentionMonths: 3, reportRetentionMonths: 6, retentionIntervalMs: 604_800_000 },
    { now: () => now },
  );
  admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${p.port}`);
  meili = new Meilisearch({ host: h.meili.url, apiKey: masterKey });
  await place("on-edge-out", [
    created("on-edge-out", at("2026-09-30T23:00:00Z")),
    completed("on-edge-out", at("2026-10-01T01:00:00Z")),
  ]);
  await place("on-edge-in", [
    created("on-edge-in", at("2026-10-01T00:30:00Z")),
    completed("on-edge-in", at("2026-10-01T02:00:00Z")),
  ]);
  await place("old-pending", [created("old-pending", at("2026-08-15T10:00:00Z"))]);
  await place("june", [
    created("june", at("2026-06-10T10:00:00Z")),
    completed("june", at("2026-06-11T10:00:00Z")),
  ]);
  await place("sept", [
    created("sept", at("2026-09-10T10:00:00Z")),
    cancelled("sept", at("2026-09-10T11:00:00Z")),
  ]);
  await h.converged();
});
afterAll(async () => {
  admin?.close();
  await h?.stop();
});

describe("retention", () => {
  it("retires finished orders created before the window and aggregates before theirs, keeping open orders", async () => {
    expect(await orderIds()).toEqual(["june", "old-pending", "on-edge-in", "on-edge-out", "sept"]);
    expect(await months(names.salesByRegionMonth)).toContain("2026-06");
    now = Date.UTC(2026, 11, 2, 12);
    const run = await p.retain();
    expect(run.windows).toEqual({
      orders: { firstMonth: "2026-10", months: 3 },
      reports: { firstMonth: "2026-07", months: 6 },
    });
    expect(run.ordersRetired).toBe(3);
    // June's month x product, month x region and day rows.
    expect(run.reportRowsRetired).toBe(3);
    expect(await orderIds()).toEqual(["old-pending", "on-edge-in"]);
    for (const index of [names.salesByProductMonth, names.salesByRegionMonth, names.salesDaily]) {
      expect(await months(index)).not.toContain("2026-06");
    }
    // The order retired at the edge still counts in October's reports (completed then).
    expect(await months(names.salesByProductMonth)).toEqual(["2026-10"]);
    expect(await h.projectedOrderCount()).toBe(2);
    expect(await metric("projector_retention_orders_retired_total")).toBe(3);
    expect(await metric("projector_retention_running")).toBe(0);
    expect((await p.verify()).differenceCount).toBe(0);
    // A second run finds nothing more.
    expect((await p.retain()).ordersRetired).toBe(0);
  });

  it("applies a late event to an old open order, counts it in the month it happened, then retires it", async () => {
    await place("old-pending", [cancelled("old-pending", now - 60_000)], 1);
    await eventually(async () => {
      const doc = await meili
        .index(names.orders)
        .getDocument<{ status: string }>(toDocumentId("old-pending"));
      expect(doc.status).toBe("cancelled");
    });
    await h.converged();
    const december = await meili
      .index(names.salesByRegionMonth)
      .getDocuments<{ month: string; cancelledOrders: number }>({ filter: 'month = "2026-12"' });
    expect(december.results.map((d) => d.cancelledOrders)).toEqual([1]);
    expect((await p.retain()).ordersRetired).toBe(1);
    expect(await orderIds()).toEqual(["on-edge-in"]);
    expect((await p.verify()).differenceCount).toBe(0);
  });

  it("takes a redelivered event of a retired order as a duplicate, and parks a new one with the reason", async () => {
    const [first, second] = await h.append("retired-later", [
      created("retired-later", at("2026-08-01T10:00:00Z")),
      completed("retired-later", at("2026-08-02T10:00:00Z")),
    ]);
    if (!first || !second) throw new Error("no events");
    await h.publish([first, second]);
    await h.converged();
    expect((await p.retain()).ordersRetired).toBe(1);
    await h.publish([first, second]);
    // Out of band: no command appends after completion, so this can only be a foreign write.
    const [foreign] = await h.append("retired-later", [cancelled("retired-later", now)], 2);
    if (!foreign) throw new Error("no event");
    await h.publish([foreign]);
    await eventually(
      async () => {
        const list = await admin.listParked({ limit: 10 });
        const entry = list.messages.find((m) => m.messageId === foreign.eventId);
        expect(entry?.reason).toMatch(/retired by retention at version 2/);
      },
      { timeoutMs: 15_000 },
    );
    const parked = await admin.listParked({ limit: 10 });
    expect(parked.messages.map((m) => m.messageId)).not.toContain(second.eventId);
    expect(await orderIds()).toEqual(["on-edge-in"]);
  });

  it("leaves out a sale dated before the report window, as Verify expects", async () => {
    await place("backdated", [
      created("backdated", at("2026-05-01T10:00:00Z")),
      completed("backdated", at("2026-05-02T10:00:00Z")),
    ]);
    await h.converged();
    expect(await months(names.salesByRegionMonth)).not.toContain("2026-05");
    expect((await p.verify()).differenceCount).toBe(0);
  });

  it("rebuilds only what the windows keep, and Verify stays clean", async () => {
    const rebuilt = await p.rebuild();
    expect(rebuilt.eventsReplayed).toBeGreaterThan(10);
    const ids = await orderIds();
    expect(ids).not.toContain("june");
    expect(ids).not.toContain("on-edge-out");
    expect(ids).toContain("on-edge-in");
    // "backdated" is finished and created in May: outside the orders window too.
    expect(ids).not.toContain("backdated");
    expect(await months(names.salesDaily)).not.toContain("2026-06");
    expect((await p.verify()).differenceCount).toBe(0);
  });
});
