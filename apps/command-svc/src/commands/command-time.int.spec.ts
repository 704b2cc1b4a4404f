import { Code, ConnectError } from "@connectrpc/connect";
import { fieldViolationsOf } from "@orderlens/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandSvcHarness, startCommandSvcHarness } from "../../test/command-svc-harness.js";
import { commandTimeHeader } from "./command-time.js";

const order = {
  customerId: "c",
  region: "eu",
  currency: "EUR",
  items: [{ productId: "p", productName: "P", quantity: 1, unitPriceMinor: 100n }],
};
let strict: CommandSvcHarness;
let demo: CommandSvcHarness;

beforeAll(async () => {
  strict = await startCommandSvcHarness("command time strict");
  demo = await startCommandSvcHarness("command time demo", { allowClientCommandTime: true });
});
afterAll(async () => {
  await strict.stop();
  await demo.stop();
});

describe("client-supplied command time (development only)", () => {
  it("is refused with a field violation unless the server allows it", async () => {
    const err = await strict.client
      .createOrder(order, { headers: { [commandTimeHeader]: "2026-01-15T10:00:00Z" } })
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(err).map((v) => v.field)).toEqual([commandTimeHeader]);
  });

  it("sets the domain time of the command when allowed", async () => {
    const reply = await demo.client.createOrder(order, {
      headers: { [commandTimeHeader]: "2026-01-15T10:00:00Z" },
    });
    const row = await demo.service.db
      .selectFrom("events")
      .select("occurred_at")
      .where("stream_id", "=", reply.outcome?.orderId ?? "")
      .executeTakeFirstOrThrow();
    expect(row.occurred_at.toISOString()).toBe("2026-01-15T10:00:00.000Z");
    const bad = await demo.client
      .createOrder(order, { headers: { [commandTimeHeader]: "yesterday" } })
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(bad?.code).toBe(Code.InvalidArgument);
  });
});
