import { outboxDepth } from "@orderlens/event-store";
import { closeBrokerConnection, eventually, waitFor } from "@orderlens/testing";
import mysql from "mysql2/promise";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CommandSvcHarness,
  collectEvents,
  startCommandSvcHarness,
} from "../../test/command-svc-harness.js";

const harnesses: CommandSvcHarness[] = [];

async function harness(...args: Parameters<typeof startCommandSvcHarness>) {
  const h = await startCommandSvcHarness(...args);
  harnesses.push(h);
  return h;
}

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.stop()));
});

const newOrder = (i: number) => ({
  orderId: `relay-order-${i}`,
  customerId: "c",
  region: "eu",
  currency: "EUR",
  items: [{ productId: "p", productName: "P", quantity: 1, unitPriceMinor: 100n }],
});

describe("outbox relay", () => {
  it("is woken by a commit instead of waiting for its poll", async () => {
    const h = await harness("relay wake", { relayPollMs: 30_000 });
    const bus = await collectEvents(h.scope.url, h.topology);
    await waitFor(() => h.service.relay?.isLeader, { description: "relay to lead" });
    const started = Date.now();
    await h.client.createOrder(newOrder(1));
    await eventually(() => expect(bus.events).toHaveLength(1), { timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    await bus.close();
  });

  it("relay killed between publish and delete: a standby takes over and the events still arrive", async () => {
    let kill = false;
    const h = await harness(
      "relay kill",
      { relayBatchSize: 5 },
      {
        relay: {
          afterConfirm: async () => {
            if (kill) throw new Error("killed between confirm and delete");
          },
        },
      },
    );
    const bus = await collectEvents(h.scope.url, h.topology);
    await waitFor(() => h.service.relay?.isLeader, { description: "relay to lead" });
    kill = true;
    for (let i = 0; i < 12; i++) await h.client.createOrder(newOrder(i));
    // Published and confirmed, but never deleted: the outbox still holds the rows.
    await eventually(() => expect(bus.events.length).toBeGreaterThanOrEqual(5));
    await h.service.relay?.stop();
    expect((await outboxDepth(h.service.db)).count).toBe(12);

    const standby = await h.startAnother();
    await waitFor(() => standby.relay?.isLeader, { description: "standby to take the lock" });
    await eventually(async () => expect((await outboxDepth(h.service.db)).count).toBe(0), {
      timeoutMs: 10_000,
    });
    const ids = new Set(bus.events.map((e) => e.orderId));
    expect(ids.size).toBe(12);
    // At least once: the first relay's window may arrive twice, never zero times.
    expect(bus.deliveries.length).toBeGreaterThanOrEqual(12);
    await bus.close();
  });

  it("recovers when the broker closes its connection mid-stream, and every event arrives", async () => {
    const connectionName = `relay-broker-close-${process.pid}-${Date.now()}`;
    const h = await harness(
      "relay broker close",
      { relayBatchSize: 20 },
      { relay: { connectionName } },
    );
    const bus = await collectEvents(h.scope.url, h.topology);
    await waitFor(() => h.service.relay?.isLeader, { description: "relay to lead" });
    await h.client.createOrder(newOrder(0));
    await eventually(() => expect(bus.events).toHaveLength(1));

    const writes = (async () => {
      for (let i = 1; i <= 200; i++) await h.client.createOrder(newOrder(i));
    })();
    await eventually(() => expect(bus.events.length).toBeGreaterThan(20));
    await closeBrokerConnection(connectionName);
    await writes;
    await eventually(() => expect(new Set(bus.events.map((e) => e.orderId)).size).toBe(201), {
      timeoutMs: 20_000,
    });
    expect((await outboxDepth(h.service.db)).count).toBe(0);
    await bus.close();
  });

  it("recovers when MySQL kills its session: the lock is taken again and events keep flowing", async () => {
    const h = await harness("relay mysql kill");
    const bus = await collectEvents(h.scope.url, h.topology);
    await waitFor(() => h.service.relay?.isLeader, { description: "relay to lead" });
    await h.client.createOrder(newOrder(0));
    await eventually(() => expect(bus.events).toHaveLength(1));
    const conn = await mysql.createConnection({ uri: h.database.url });
    try {
      const [rows] = await conn.query("SELECT IS_USED_LOCK(?) AS id", [
        `${h.config.amqpPrefix}.outbox-relay`,
      ]);
      const holder = (rows as { id: number | null }[])[0]?.id;
      expect(holder).toBeTypeOf("number");
      await conn.query(`KILL ${Number(holder)}`);
    } finally {
      await conn.end();
    }
    for (let i = 1; i <= 20; i++) await h.client.createOrder(newOrder(i));
    await eventually(() => expect(new Set(bus.events.map((e) => e.orderId)).size).toBe(21), {
      timeoutMs: 15_000,
    });
    expect(h.service.relay?.isLeader).toBe(true);
    await bus.close();
  });

  it("only one instance relays at a time; the other stands by", async () => {
    const h = await harness("relay single leader");
    const other = await h.startAnother();
    await waitFor(() => h.service.relay?.isLeader, { description: "first relay to lead" });
    await new Promise((r) => setTimeout(r, 300));
    expect(other.relay?.isLeader).toBe(false);
    await h.service.relay?.stop();
    await waitFor(() => other.relay?.isLeader, {
      description: "second relay to take over",
      timeoutMs: 5_000,
    });
  });
});
