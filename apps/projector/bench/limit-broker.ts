// The broker's limit: the partition queues consumed and acknowledged with nothing else done, on the
// projector's queues with its prefetch window and its acks (one multiple ack a batch), so the
// only difference from the projector is the work it does between delivery and ack.
import type { Topology } from "@orderlens/bus";
import amqp, { type Channel, type ConsumeMessage } from "amqplib";

export interface BrokerLimitOptions {
  amqpUrl: string;
  topology: Topology;
  prefetch: number;
  /** Messages acknowledged at once, as a micro-batch is. */
  batchSize: number;
  /** A partial batch is acknowledged after this long, as a micro-batch is settled. */
  batchMs: number;
  /** Messages queued: the consumer stops once it has acknowledged them all. */
  total: number;
}

/** One partition's consumer: acks every `batchSize` messages, and a partial batch on a timer. */
function ackInBatches(channel: Channel, o: BrokerLimitOptions, onAcked: (n: number) => void) {
  let last: ConsumeMessage | undefined;
  let unacked = 0;
  const ackNow = () => {
    if (!last) return;
    channel.ack(last, true);
    onAcked(unacked);
    last = undefined;
    unacked = 0;
  };
  const timer = setInterval(ackNow, o.batchMs);
  return {
    take(msg: ConsumeMessage) {
      last = msg;
      if (++unacked >= o.batchSize) ackNow();
    },
    stop: () => clearInterval(timer),
  };
}

/** Waits for `done`, failing if no message is acked for 30 s (the queues hold fewer than told). */
async function stalled(done: Promise<void>, acked: () => number, total: number): Promise<void> {
  let seen = -1;
  let watchdog: NodeJS.Timeout | undefined;
  const stall = new Promise<never>((_, reject) => {
    watchdog = setInterval(() => {
      if (acked() === seen)
        reject(new Error(`broker limit: ${seen} of ${total} messages acked, then none for 30 s`));
      seen = acked();
    }, 30_000);
  });
  try {
    await Promise.race([done, stall]);
  } finally {
    clearInterval(watchdog);
  }
}

/** Consumes and acks every queued message; returns the seconds it took. */
export async function measureBrokerLimit(o: BrokerLimitOptions): Promise<number> {
  const connection = await amqp.connect(o.amqpUrl);
  const consumers: ReturnType<typeof ackInBatches>[] = [];
  try {
    let acked = 0;
    let allAcked = () => {};
    const done = new Promise<void>((resolve) => {
      allAcked = resolve;
    });
    const started = performance.now();
    for (let p = 0; p < o.topology.partitions; p++) {
      const channel = await connection.createChannel();
      await channel.prefetch(o.prefetch);
      const consumer = ackInBatches(channel, o, (n) => {
        acked += n;
        if (acked >= o.total) allAcked();
      });
      consumers.push(consumer);
      await channel.consume(o.topology.partitionQueue(p), (msg) => msg && consumer.take(msg));
    }
    await stalled(done, () => acked, o.total);
    return (performance.now() - started) / 1000;
  } finally {
    for (const c of consumers) c.stop();
    await connection.close();
  }
}
