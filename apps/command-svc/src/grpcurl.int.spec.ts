import { grpcurl } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandSvcHarness,
  startCommandSvcHarness,
  writerToken,
} from "../test/command-svc-harness.js";

let h: CommandSvcHarness;
const auth = ["-H", `authorization: Bearer ${writerToken}`];

beforeAll(async () => {
  h = await startCommandSvcHarness("grpcurl");
});
afterAll(() => h.stop());

describe("grpcurl against command-svc (reflection, no .proto files)", () => {
  it("lists the services", async () => {
    const { stdout } = await grpcurl(h.address, ["list"]);
    expect(stdout.trim().split("\n")).toEqual(
      expect.arrayContaining(["grpc.health.v1.Health", "orderlens.orders.v1.OrderCommandService"]),
    );
  });

  it("describes the command service and its messages", async () => {
    const svc = await grpcurl(h.address, ["describe", "orderlens.orders.v1.OrderCommandService"]);
    expect(svc.stdout).toContain(
      "rpc CreateOrder ( .orderlens.orders.v1.CreateOrderRequest ) returns ( .orderlens.orders.v1.CreateOrderResponse );",
    );
    const msg = await grpcurl(h.address, ["describe", "orderlens.orders.v1.LineItem"]);
    // The field, with the request rules the contract carries to every client (protovalidate).
    expect(msg.stdout).toMatch(
      /int64 unit_price_minor = 4 \[\s*\(\.buf\.validate\.field\) = \{ int64: \{ lte: 9007199254740991, gte: 0 \} \}\s*\];/,
    );
  });

  it("invokes CreateOrder and CompleteOrder with JSON", async () => {
    const created = await grpcurl(
      h.address,
      ["orderlens.orders.v1.OrderCommandService/CreateOrder"],
      [
        ...auth,
        "-d",
        JSON.stringify({
          requestId: "grpcurl-1",
          orderId: "grpcurl-order",
          customerId: "c-1",
          region: "eu-west",
          currency: "EUR",
          items: [{ productId: "p-1", productName: "Tea", quantity: 2, unitPriceMinor: "450" }],
        }),
      ],
    );
    expect(JSON.parse(created.stdout)).toMatchObject({
      outcome: { orderId: "grpcurl-order", version: "1" },
    });
    const done = await grpcurl(
      h.address,
      ["orderlens.orders.v1.OrderCommandService/CompleteOrder"],
      [...auth, "-d", '{"orderId":"grpcurl-order","expectedVersion":"1"}'],
    );
    expect(JSON.parse(done.stdout)).toMatchObject({ outcome: { version: "2" } });
  });

  it("shows field violations of a bad command", async () => {
    const failure = await grpcurl(
      h.address,
      ["orderlens.orders.v1.OrderCommandService/CreateOrder"],
      [
        ...auth,
        "-format-error",
        "-d",
        '{"customerId":"c","region":"eu","currency":"EUR","items":[]}',
      ],
    ).then(
      () => undefined,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`,
    );
    const status = JSON.parse(failure ?? "{}");
    expect(status.code).toBe(3); // INVALID_ARGUMENT
    expect(status.details).toEqual([
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field: "items", description: expect.any(String) }],
      },
    ]);
  });

  it("answers health checks without a token", async () => {
    const { stdout } = await grpcurl(h.address, ["grpc.health.v1.Health/Check"]);
    expect(JSON.parse(stdout)).toEqual({ status: "SERVING" });
  });
});
