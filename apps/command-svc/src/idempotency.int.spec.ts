import { Code } from "@connectrpc/connect";
import { fieldViolationsOf } from "@orderlens/server";
import { rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandSvcHarness, startCommandSvcHarness } from "../test/command-svc-harness.js";
import { order } from "../test/order-requests.js";

let h: CommandSvcHarness;

beforeAll(async () => {
  h = await startCommandSvcHarness("commands idempotency");
});
afterAll(async () => {
  await h.stop();
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
