// The projector's change notices on a real RabbitMQ: what a pass changed, and "everything" once
// the broker connection was lost (readers may have missed notices meanwhile).
import { fromBinary } from "@bufbuild/protobuf";
import { createTopology } from "@orderlens/bus";
import { ReadModelChangedSchema } from "@orderlens/contracts";
import { createLogger } from "@orderlens/server";
import { closeBrokerConnection, createAmqpScope, eventually } from "@orderlens/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChangeNotices, createChangeNotices } from "./change-notices.js";

const scope = createAmqpScope("change-notices");
const topology = createTopology({ prefix: scope.prefix });
const exchange = scope.track(topology.readModelChangesExchange);
const received: { orderIds: string[]; months: string[]; everything: boolean; position: bigint }[] =
  [];
let reader: amqp.ChannelModel;
let notices: ChangeNotices;

beforeAll(async () => {
  reader = await amqp.connect(scope.url);
  const ch = await reader.createChannel();
  await ch.assertExchange(exchange, "fanout", { durable: true });
  const { queue } = await ch.assertQueue("", { exclusive: true });
  await ch.bindQueue(queue, exchange, "");
  await ch.consume(
    queue,
    (m) => m && received.push(fromBinary(ReadModelChangedSchema, m.content)),
    {
      noAck: true,
    },
  );
  notices = createChangeNotices({
    amqpUrl: scope.url,
    topology,
    logger: createLogger({ service: "test", level: "error", write: () => {} }),
  });
});
afterAll(async () => {
  await notices.close();
  await reader.close();
  await scope.cleanup();
});

const change = (position: number, orderIds: string[]) => ({
  position,
  orderIds,
  months: ["2026-12"],
  everything: false,
});

describe("createChangeNotices", () => {
  it("publishes what a pass changed, the first one as everything (nobody heard it before)", async () => {
    notices.publish(change(1, ["o-1"])); // connects; readers may have missed what came before
    await eventually(() => expect(received.at(-1)?.everything).toBe(true));
    received.length = 0;
    notices.publish(change(2, ["o-2"]));
    await eventually(() =>
      expect(received).toEqual([
        expect.objectContaining({
          position: 2n,
          orderIds: ["o-2"],
          months: ["2026-12"],
          everything: false,
        }),
      ]),
    );
  });

  it("says everything once the broker connection is back after a loss", async () => {
    received.length = 0;
    await closeBrokerConnection(`projector change notices to ${exchange}`);
    await eventually(() => expect(received.at(-1)).toMatchObject({ everything: true }), {
      timeoutMs: 10_000,
    });
    notices.publish(change(3, ["o-3"]));
    await eventually(() =>
      expect(received.at(-1)).toMatchObject({ orderIds: ["o-3"], everything: false }),
    );
  });
});
