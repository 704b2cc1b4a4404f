import { create, toBinary } from "@bufbuild/protobuf";
import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { CreateOrderRequestSchema, OrderCommandService } from "@orderlens/contracts";
import { createGrpcJsClient, fieldViolationsOf } from "@orderlens/server";
import { rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandSvcHarness,
  readerToken,
  startCommandSvcHarness,
  writerToken,
} from "../test/command-svc-harness.js";
import { item, order } from "../test/order-requests.js";

let h: CommandSvcHarness;

beforeAll(async () => {
  h = await startCommandSvcHarness("commands errors");
});
afterAll(async () => {
  await h.stop();
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
