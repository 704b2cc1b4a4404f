// The floor under commit-to-visible lag, measured beside it: one message through RabbitMQ
// (published with a confirm, consumed on another channel) and then one document added to
// Meilisearch and waited for, over and over while the lag is timed. Each probe queues behind the
// same broker and the same Meilisearch task queue as the projector's pushes, so the lag is judged
// against what the machine gives any writer at that moment, not against a fixed number of ms.
import { createMeiliClient } from "@orderlens/meili-indexes";
import amqp from "amqplib";

export interface FloorProbeOptions {
  amqpUrl: string;
  meiliUrl: string;
  meiliKey: string;
  /** Pause between probes. */
  everyMs?: number;
}

export interface FloorProbe {
  /** Stops probing, removes the probe's queue and index; returns each probe's ms. */
  stop(): Promise<number[]>;
}

const PROBE_INDEX = "lag_floor_probe";

/** A round trip through a queue of its own: resolves when the published message is delivered. */
async function brokerHop(amqpUrl: string) {
  const connection = await amqp.connect(amqpUrl);
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  const { queue } = await consumer.assertQueue("", { exclusive: true, autoDelete: true });
  let delivered = () => {};
  await consumer.consume(queue, (msg) => {
    if (msg) consumer.ack(msg);
    delivered();
  });
  return {
    async roundTrip(): Promise<void> {
      const arrived = new Promise<void>((resolve) => {
        delivered = resolve;
      });
      publisher.sendToQueue(queue, Buffer.from("probe"), { persistent: true });
      await publisher.waitForConfirms();
      await arrived;
    },
    close: () => connection.close(),
  };
}

export async function startFloorProbe(o: FloorProbeOptions): Promise<FloorProbe> {
  const broker = await brokerHop(o.amqpUrl);
  const { meili, close } = createMeiliClient({ host: o.meiliUrl, apiKey: o.meiliKey });
  const times: number[] = [];
  let probing = true;
  const loop = (async () => {
    for (let n = 0; probing; n++) {
      const started = performance.now();
      await broker.roundTrip();
      await meili
        .index(PROBE_INDEX)
        .addDocuments([{ id: n % 100, n }], { primaryKey: "id" })
        .waitTask({ timeout: 120_000, interval: 10 });
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, o.everyMs ?? 50));
    }
  })();
  return {
    async stop() {
      probing = false;
      await loop;
      await broker.close();
      await meili.deleteIndex(PROBE_INDEX).waitTask();
      close();
      return times;
    },
  };
}
