import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { OrderCommandService } from "@orderlens/contracts";
import { fieldViolationsOf } from "@orderlens/server";
import { eventually, rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandSvcHarness,
  collectEvents,
  type EventCollector,
  startCommandSvcHarness,
  writerToken,
} from "../test/command-svc-harness.js";
import { item, order } from "../test/order-requests.js";

let h: CommandSvcHarness;
let bus: EventCollector;

beforeAll(async () => {
  h = await startCommandSvcHarness("commands lifecycle");
  bus = await collectEvents(h.scope.url, h.topology);
});
afterAll(async () => {
  await bus.close();
  await h.stop();
});

describe("every RPC over gRPC (grpc-js)", () => {
  it("creates, edits, completes an order; versions and positions grow; events reach the bus in order", async () => {
    const created = await h.client.createOrder(order({ requestId: "req-lifecycle-1" }));
    const id = created.outcome?.orderId ?? "";
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.outcome?.version).toBe(1n);
    const added = await h.client.addItem({ orderId: id, item: item("p-3", 4, 99n) });
    const removed = await h.client.removeItem({
      orderId: id,
      productId: "p-2",
      expectedVersion: 2n,
    });
    const completed = await h.client.completeOrder({ orderId: id });
    expect([added, removed, completed].map((r) => r.outcome?.version)).toEqual([2n, 3n, 4n]);
    const positions = [created, added, removed, completed].map((r) => r.outcome?.position ?? 0n);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

    await eventually(() => expect(bus.events.filter((e) => e.orderId === id)).toHaveLength(4));
    const mine = bus.events.filter((e) => e.orderId === id);
    expect(mine.map((e) => [e.version, e.event.type])).toEqual([
      [1, "OrderCreated"],
      [2, "ItemAdded"],
      [3, "ItemRemoved"],
      [4, "OrderCompleted"],
    ]);
    expect(mine[3]?.event).toMatchObject({
      type: "OrderCompleted",
      totalMinor: 2 * 1_250 + 4 * 99,
    });
    expect(mine[0]?.metadata).toMatchObject({ causationId: "req-lifecycle-1", actor: "writer" });
    expect(mine.map((e) => e.position)).toEqual(positions.map(Number));
  });

  it("cancels a pending order and refuses to complete it afterwards", async () => {
    const id = (await h.client.createOrder(order())).outcome?.orderId ?? "";
    await h.client.cancelOrder({ orderId: id, reason: "customer changed their mind" });
    const err = await rejection(h.client.completeOrder({ orderId: id }));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toMatch(/CompleteOrder is not allowed on a cancelled order/);
  });
});

describe("every RPC over Connect and gRPC-Web (HTTP/1.1)", () => {
  for (const [name, transport] of [
    [
      "connect",
      () => createConnectTransport({ httpVersion: "1.1", baseUrl: `http://${h.address}` }),
    ],
    [
      "grpc-web",
      () => createGrpcWebTransport({ httpVersion: "1.1", baseUrl: `http://${h.address}` }),
    ],
  ] as const) {
    it(`${name}: create, add, remove, complete, cancel`, async () => {
      const client = createClient(OrderCommandService, transport());
      const headers = { authorization: `Bearer ${writerToken}` };
      const created = await client.createOrder(order({ orderId: `${name}-order-1` }), { headers });
      expect(created.outcome).toMatchObject({ orderId: `${name}-order-1`, version: 1n });
      await client.addItem({ orderId: `${name}-order-1`, item: item("p-9") }, { headers });
      await client.removeItem({ orderId: `${name}-order-1`, productId: "p-9" }, { headers });
      const done = await client.completeOrder({ orderId: `${name}-order-1` }, { headers });
      expect(done.outcome?.version).toBe(4n);
      await client.createOrder(order({ orderId: `${name}-order-2` }), { headers });
      const cancelled = await client.cancelOrder(
        { orderId: `${name}-order-2`, reason: "" },
        { headers },
      );
      expect(cancelled.outcome?.version).toBe(2n);
      const bad = await rejection(
        client.createOrder(order({ currency: "XYZ", items: [] }), { headers }),
      );
      expect(bad.code).toBe(Code.InvalidArgument);
      expect(fieldViolationsOf(bad).map((v) => v.field)).toEqual(["currency", "items"]);
    });
  }
});
