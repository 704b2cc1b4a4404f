import { Code, ConnectError } from "@connectrpc/connect";
import { OrderCommandService } from "@orderlens/contracts";
import { createGrpcJsClient } from "@orderlens/server";
import { rejection } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandSvcHarness,
  startCommandSvcHarness,
  writerToken,
} from "../test/command-svc-harness.js";
import { item, order } from "../test/order-requests.js";

let h: CommandSvcHarness;

beforeAll(async () => {
  h = await startCommandSvcHarness("commands concurrency");
});
afterAll(async () => {
  await h.stop();
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
    expect(await streamVersions(id)).toEqual([1, 2, 3, 4, 5, 6]);
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
      expect(await streamVersions(id)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
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

/** The versions the event store holds for one order's stream, in order. */
async function streamVersions(id: string): Promise<number[]> {
  const rows = await h.service.db
    .selectFrom("events")
    .select("stream_version")
    .where("stream_id", "=", id)
    .orderBy("stream_version")
    .execute();
  return rows.map((r) => r.stream_version);
}
