import { createAmqpScope, waitFor } from "@orderlens/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headers } from "./headers.js";
import { createTopology, declareTopology } from "./topology.js";

const scope = createAmqpScope("bus topology");
const topology = createTopology({
  prefix: `${scope.prefix}ol`,
  partitions: 3,
  retryDelaysMs: [200, 400],
});
let conn: amqp.ChannelModel;

/** Partition queues are single-active-consumer quorum queues: basic.get is refused there. */
async function nextMessage(
  ch: amqp.Channel,
  queue: string,
  timeoutMs = 5_000,
): Promise<amqp.ConsumeMessage> {
  let consumerTag = "";
  const message = await new Promise<amqp.ConsumeMessage>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no message on ${queue} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    void ch
      .consume(queue, (msg) => {
        if (msg) {
          clearTimeout(timer);
          resolve(msg);
        }
      })
      .then((ok) => {
        consumerTag = ok.consumerTag;
      });
  });
  await ch.cancel(consumerTag);
  return message;
}

beforeAll(async () => {
  conn = await amqp.connect(scope.url);
});
afterAll(async () => {
  await conn.close();
  await scope.cleanup();
});

describe("declareTopology", () => {
  it("is idempotent and routes each partition's events to its queue only", async () => {
    const ch = await conn.createConfirmChannel();
    await declareTopology(ch, topology);
    await declareTopology(ch, topology);
    ch.publish(
      topology.eventsExchange,
      topology.routingKey(1, "orderlens.orders.v1.OrderCreated"),
      Buffer.from("e1"),
      {
        persistent: true,
      },
    );
    await ch.waitForConfirms();
    const got = await nextMessage(ch, topology.partitionQueue(1));
    expect(got.content.toString()).toBe("e1");
    ch.ack(got);
    const counts = await Promise.all([0, 2].map((p) => ch.checkQueue(topology.partitionQueue(p))));
    expect(counts.map((q) => q.messageCount)).toEqual([0, 0]);
    await ch.close();
  });

  it("sends a retried message back to its origin partition after the tier's delay", async () => {
    const ch = await conn.createConfirmChannel();
    await declareTopology(ch, topology);
    const tier = topology.retryTiers[0];
    if (!tier) throw new Error("no tier");
    const origin = topology.partitionQueue(2);
    const sentAt = Date.now();
    ch.publish(tier.exchange, origin, Buffer.from("again"), {
      persistent: true,
      headers: { [headers.attempts]: 1 },
    });
    await ch.waitForConfirms();
    const back = await nextMessage(ch, origin);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(150);
    expect(back.content.toString()).toBe("again");
    expect(back.properties.headers?.[headers.attempts]).toBe(1);
    ch.ack(back);
    await ch.close();
  });

  it("parks messages in the parking-lot queue", async () => {
    const ch = await conn.createConfirmChannel();
    await declareTopology(ch, topology);
    ch.publish(topology.parkingExchange, "", Buffer.from("poison"), {
      headers: { [headers.parkedReason]: "undecodable" },
    });
    await ch.waitForConfirms();
    const parked = await waitFor(async () => (await ch.get(topology.parkingQueue)) || undefined);
    expect(parked.properties.headers?.[headers.parkedReason]).toBe("undecodable");
    ch.ack(parked);
    await ch.close();
  });
});
