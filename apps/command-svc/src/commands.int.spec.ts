import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { CreateOrderRequestSchema, OrderCommandService } from "@orderlens/contracts";
import { createGrpcJsClient, fieldViolationsOf } from "@orderlens/server";
import { eventually } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandSvcHarness,
  collectEvents,
  type EventCollector,
  readerToken,
  startCommandSvcHarness,
  writerToken,
} from "../test/command-svc-harness.js";

let h: CommandSvcHarness;
let bus: EventCollector;

const item = (productId: string, quantity = 1, unitPriceMinor = 1_250n) => ({
  productId,
  productName: `Product ${productId}`,
  quantity,
  unitPriceMinor,
});
const order = (over: Record<string, unknown> = {}) => ({
  customerId: "cust-1",
  region: "eu-west",
  currency: "EUR",
  items: [item("p-1", 2), item("p-2")],
  ...over,
});

async function rejection(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  h = await startCommandSvcHarness("commands");
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

describe("idempotency", () => {
  it("replays the first reply for a repeated request id and appends nothing", async () => {
    const first = await h.client.createOrder(order({ requestId: "req-idem-1" }));
    const again = await h.client.createOrder(order({ requestId: "req-idem-1" }));
    expect(again.outcome).toEqual({ ...first.outcome, replayed: true });
    expect(first.outcome?.replayed).toBe(false);
    const rows = await h.service.db
      .selectFrom("events")
      .select("position")
      .where("stream_id", "=", first.outcome?.orderId ?? "")
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("20 concurrent duplicates of one request id create exactly one order", async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.client.createOrder(order({ requestId: "req-burst-20", customerId: "burst" })),
      ),
    );
    const ids = new Set(replies.map((r) => r.outcome?.orderId));
    expect(ids.size).toBe(1);
    expect(replies.filter((r) => !r.outcome?.replayed)).toHaveLength(1);
    const rows = await h.service.db
      .selectFrom("events")
      .selectAll()
      .where("stream_id", "in", [...ids] as string[])
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("refuses a request id reused for a different command", async () => {
    await h.client.createOrder(order({ requestId: "req-reuse" }));
    const err = await rejection(
      h.client.createOrder(order({ requestId: "req-reuse", region: "us-east" })),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(["request_id"]);
  });
});

describe("optimistic concurrency", () => {
  it("50 concurrent commands with expected versions: only valid ones win, versions stay gapless", async () => {
    const id =
      (await h.client.createOrder(order({ items: [item("base")] }))).outcome?.orderId ?? "";
    // Waves: everyone in a wave expects the version the order had when the wave started.
    const results: ("ok" | Code)[] = [];
    let version = 1n;
    for (let wave = 0; wave < 5; wave++) {
      const settled = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          h.client.addItem({ orderId: id, item: item(`w${wave}-i${i}`), expectedVersion: version }),
        ),
      );
      const won = settled.filter((s) => s.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const s of settled)
        results.push(s.status === "fulfilled" ? "ok" : ConnectError.from(s.reason).code);
      version += 1n;
    }
    expect(results.filter((r) => r === "ok")).toHaveLength(5);
    expect(results.filter((r) => r === Code.Aborted)).toHaveLength(45);
    const versions = await h.service.db
      .selectFrom("events")
      .select("stream_version")
      .where("stream_id", "=", id)
      .orderBy("stream_version")
      .execute();
    expect(versions.map((v) => v.stream_version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("without expected versions, races between instances are retried internally and all land gaplessly", async () => {
    const other = await h.startAnother({});
    const otherClient = createGrpcJsClient(OrderCommandService, `127.0.0.1:${other.port}`, {
      token: writerToken,
    });
    try {
      const id =
        (await h.client.createOrder(order({ items: [item("base")] }))).outcome?.orderId ?? "";
      const replies = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? h.client : otherClient).addItem({ orderId: id, item: item(`free-${i}`) }),
        ),
      );
      const failures = replies.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
      expect(failures).toEqual([]);
      const versions = await h.service.db
        .selectFrom("events")
        .select("stream_version")
        .where("stream_id", "=", id)
        .orderBy("stream_version")
        .execute();
      expect(versions.map((v) => v.stream_version)).toEqual(
        Array.from({ length: 21 }, (_, i) => i + 1),
      );
    } finally {
      otherClient.close();
    }
  });

  it("a stale expected version is ABORTED with the current version in the message", async () => {
    const id = (await h.client.createOrder(order())).outcome?.orderId ?? "";
    const err = await rejection(h.client.completeOrder({ orderId: id, expectedVersion: 3n }));
    expect(err.code).toBe(Code.Aborted);
    expect(err.rawMessage).toBe("expected version 3 but the order is at version 1");
  });
});

describe("errors", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["no items", { items: [] }, ["items"]],
    ["quantity 0", { items: [item("p", 0)] }, ["items[0].quantity"]],
    ["negative quantity", { items: [item("p", -3)] }, ["items[0].quantity"]],
    ["quantity too large", { items: [item("p", 10_001)] }, ["items[0].quantity"]],
    ["negative price", { items: [item("p", 1, -1n)] }, ["items[0].unit_price_minor"]],
    [
      "price beyond exact range",
      { items: [item("p", 1, 2n ** 60n)] },
      ["items[0].unit_price_minor"],
    ],
    ["unknown currency", { currency: "EURO" }, ["currency"]],
    ["over-long customer id", { customerId: "c".repeat(65) }, ["customer_id"]],
    ["malformed order id", { orderId: "no spaces allowed" }, ["order_id"]],
    ["malformed request id", { requestId: "bad id!" }, ["request_id"]],
    [
      "over-long product name",
      { items: [{ ...item("p"), productName: "n".repeat(201) }] },
      ["items[0].product_name"],
    ],
    ["too many items", { items: Array.from({ length: 201 }, (_, i) => item(`p${i}`)) }, ["items"]],
    [
      "several bad fields at once",
      { customerId: "", region: "", currency: "usd", items: [item("p", 0, -5n)] },
      ["customer_id", "region", "currency", "items[0].quantity", "items[0].unit_price_minor"],
    ],
  ];
  it.each(cases)(
    "%s -> INVALID_ARGUMENT naming the field, nothing written",
    async (_, over, fields) => {
      const before = await h.service.db
        .selectFrom("events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      const err = await rejection(h.client.createOrder(order(over)));
      expect(err.code).toBe(Code.InvalidArgument);
      expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(fields);
      const after = await h.service.db
        .selectFrom("events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    },
  );

  it("AddItem without an item names the item field once", async () => {
    const err = await rejection(h.client.addItem({ orderId: "some-order" }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(err)).toEqual([{ field: "item", description: "is required" }]);
  });

  it("NOT_FOUND for an order that does not exist", async () => {
    const err = await rejection(h.client.completeOrder({ orderId: "never-created" }));
    expect(err.code).toBe(Code.NotFound);
  });

  it("ALREADY_EXISTS for a second create of the same order id", async () => {
    await h.client.createOrder(order({ orderId: "dup-order" }));
    expect((await rejection(h.client.createOrder(order({ orderId: "dup-order" })))).code).toBe(
      Code.AlreadyExists,
    );
  });

  it("FAILED_PRECONDITION for illegal transitions and item rules", async () => {
    const id =
      (await h.client.createOrder(order({ items: [item("only")] }))).outcome?.orderId ?? "";
    expect((await rejection(h.client.removeItem({ orderId: id, productId: "only" }))).code).toBe(
      Code.FailedPrecondition,
    );
    expect((await rejection(h.client.removeItem({ orderId: id, productId: "ghost" }))).code).toBe(
      Code.FailedPrecondition,
    );
    expect((await rejection(h.client.addItem({ orderId: id, item: item("only") }))).code).toBe(
      Code.FailedPrecondition,
    );
    await h.client.completeOrder({ orderId: id });
    expect((await rejection(h.client.cancelOrder({ orderId: id, reason: "late" }))).code).toBe(
      Code.FailedPrecondition,
    );
    expect((await rejection(h.client.addItem({ orderId: id, item: item("late") }))).code).toBe(
      Code.FailedPrecondition,
    );
  });

  it("RESOURCE_EXHAUSTED for a message over the size limit, over both stacks", async () => {
    const huge = order({ items: [{ ...item("p"), productName: "x".repeat(1_100_000) }] });
    expect(
      toBinary(CreateOrderRequestSchema, create(CreateOrderRequestSchema, huge)).length,
    ).toBeGreaterThan(1024 * 1024);
    const big = createGrpcJsClient(OrderCommandService, h.address, {
      token: writerToken,
      channelOptions: { "grpc.max_send_message_length": -1 },
    });
    try {
      expect((await rejection(big.createOrder(huge))).code).toBe(Code.ResourceExhausted);
    } finally {
      big.close();
    }
    const connect = createClient(
      OrderCommandService,
      createConnectTransport({ httpVersion: "1.1", baseUrl: `http://${h.address}` }),
    );
    const err = await rejection(
      connect.createOrder(huge, { headers: { authorization: `Bearer ${writerToken}` } }),
    );
    expect(err.code).toBe(Code.ResourceExhausted);
  });

  it("UNAUTHENTICATED without a token, PERMISSION_DENIED without the scope", async () => {
    const anonymous = createGrpcJsClient(OrderCommandService, h.address);
    const reader = createGrpcJsClient(OrderCommandService, h.address, { token: readerToken });
    const wrong = createGrpcJsClient(OrderCommandService, h.address, { token: `${writerToken}x` });
    try {
      expect((await rejection(anonymous.createOrder(order()))).code).toBe(Code.Unauthenticated);
      expect((await rejection(wrong.createOrder(order()))).code).toBe(Code.Unauthenticated);
      expect((await rejection(reader.createOrder(order()))).code).toBe(Code.PermissionDenied);
    } finally {
      for (const c of [anonymous, reader, wrong]) c.close();
    }
  });
});
