import type { OrderEvent } from "@orderlens/domain";
import { compositeId, toDocumentId } from "@orderlens/meili-indexes";
import type { StoredEvent } from "@orderlens/order-events";
import { eventually } from "@orderlens/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProjectorHarness, startProjectorHarness } from "../test/projector-harness.js";

let h: ProjectorHarness;

/** Sum of a Prometheus counter over its labels, read from the projector's /metrics. */
async function metric(name: string): Promise<number> {
  const p = h.projectors[0];
  if (!p) throw new Error("no projector");
  const text = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
}

const at = (iso: string) => Date.parse(iso);
const created = (
  orderId: string,
  over: Partial<Extract<OrderEvent, { type: "OrderCreated" }>> = {},
): OrderEvent => ({
  type: "OrderCreated",
  orderId,
  customerId: "c-1",
  region: "eu-west",
  currency: "EUR",
  items: [
    { productId: "sku.1", productName: "Tea", quantity: 2, unitPriceMinor: 450 },
    { productId: "sku.2", productName: "Cup", quantity: 1, unitPriceMinor: 1_200 },
  ],
  createdAt: at("2026-03-31T22:00:00Z"),
  ...over,
});
const completed = (
  orderId: string,
  totalMinor: number,
  iso = "2026-04-01T09:00:00Z",
): OrderEvent => ({
  type: "OrderCompleted",
  orderId,
  totalMinor,
  completedAt: at(iso),
});

async function order(orderId: string, events: OrderEvent[]): Promise<StoredEvent[]> {
  return h.append(orderId, events);
}

beforeAll(async () => {
  h = await startProjectorHarness("projector");
  await h.startProjector();
});
afterAll(() => h.stop());

describe("projector", () => {
  it("projects an order and its sales into every index, converged with a replay", async () => {
    const events = await order("o-basic", [created("o-basic"), completed("o-basic", 2_100)]);
    await h.publish(events);
    await h.converged();
    const p = h.projectors[0];
    if (!p) throw new Error("no projector");
    const doc = await p.meili.index(p.indexes.orders).getDocument(toDocumentId("o-basic"));
    expect(doc).toMatchObject({
      orderId: "o-basic",
      status: "completed",
      totalMinor: 2_100,
      month: "2026-03",
      version: 2,
    });
    const sales = await p.meili
      .index(p.indexes.salesByProductMonth)
      .getDocument(compositeId("2026-04", "sku.1", "EUR"));
    expect(sales).toMatchObject({
      month: "2026-04",
      productId: "sku.1",
      quantity: 2,
      revenueMinor: 900,
      completedOrders: 1,
    });
  });

  it("ends correct when v2 arrives before v1 (the gap goes to a retry tier, never applied early)", async () => {
    const gapsBefore = await metric("projector_events_gap_total");
    const events = await order("o-reordered", [
      created("o-reordered"),
      completed("o-reordered", 2_100),
    ]);
    await h.publish([...events].reverse());
    await h.converged();
    expect(await metric("projector_events_gap_total")).toBeGreaterThan(gapsBefore);
  });

  it("ends correct when every message is delivered twice", async () => {
    const duplicatesBefore = await metric("projector_events_duplicate_total");
    const events = await order("o-twice", [
      created("o-twice", { region: "us-east", currency: "USD" }),
      completed("o-twice", 2_100),
    ]);
    await h.publish([...events, ...events]);
    await h.converged();
    expect(await metric("projector_events_duplicate_total")).toBeGreaterThanOrEqual(
      duplicatesBefore + 2,
    );
    const p = h.projectors[0];
    if (!p) throw new Error("no projector");
    const region = await p.meili
      .index(p.indexes.salesByRegionMonth)
      .getDocument(compositeId("2026-04", "us-east", "USD"));
    expect(region).toMatchObject({ completedOrders: 1, revenueMinor: 2_100 });
  });

  it("reports its progress as a status document query-svc can read, and as metrics", async () => {
    const events = await order("o-status", [created("o-status")]);
    await h.publish(events);
    await h.converged();
    const p = h.projectors[0];
    if (!p) throw new Error("no projector");
    const last = events.at(-1)?.position ?? 0;
    await eventually(
      async () => {
        const doc = await p.meili.index(p.indexes.projectionStatus).getDocument("projector");
        expect(doc.lastAppliedPosition).toBeGreaterThanOrEqual(last);
        expect(doc.partitions).toHaveLength(h.config.partitions);
        expect(doc.appliedTotal).toBeGreaterThan(0);
        // The reordering test above sent a gap through a retry tier.
        expect(doc.retriesTotal).toBeGreaterThan(0);
        expect(doc.pendingDocuments).toBe(0);
      },
      { timeoutMs: 10_000 },
    );
    expect(await metric("projector_events_applied_total")).toBeGreaterThan(0);
    const text = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
    expect(text).toMatch(/projector_partition_lag_messages\{partition="0"\} \d+/);
  });

  it("parks a poison message at once and keeps projecting the rest", async () => {
    const parkedBefore = await metric("projector_parked_total");
    await h.publishRaw(0, Buffer.from("not a protobuf envelope"), "poison-1");
    const events = await order("o-after-poison", [created("o-after-poison")]);
    await h.publish(events);
    await h.converged();
    await eventually(async () => {
      const conn = await amqp.connect(h.scope.url);
      try {
        const ch = await conn.createChannel();
        const q = await ch.checkQueue(h.topology.parkingQueue);
        expect(q.messageCount).toBeGreaterThanOrEqual(1);
        expect(await metric("projector_parked_total")).toBe(parkedBefore + 1);
      } finally {
        await conn.close();
      }
    });
  });
});
