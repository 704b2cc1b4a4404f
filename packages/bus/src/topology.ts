import type { Channel } from "amqplib";

export interface TopologyOptions {
  /** Name prefix of every exchange and queue; tests use a unique one per file. */
  prefix?: string;
  /** Partition queues; one order always maps to one partition. */
  partitions?: number;
  /** Delay of each retry tier, shortest first. */
  retryDelaysMs?: readonly number[];
}

export interface Topology {
  readonly prefix: string;
  readonly partitions: number;
  readonly retryDelaysMs: readonly number[];
  /** Durable topic exchange the relay publishes to. */
  readonly eventsExchange: string;
  readonly partitionQueues: readonly string[];
  /** One fanout exchange per retry tier; its queue dead-letters back by queue name. */
  readonly retryTiers: readonly { delayMs: number; exchange: string; queue: string }[];
  readonly parkingExchange: string;
  readonly parkingQueue: string;
  /** Fanout exchange of read-model change notices (projector to every query-svc instance). */
  readonly readModelChangesExchange: string;
  /** Routing key of an event: the partition first (what bindings match), then its type. */
  routingKey(partition: number, eventType: string): string;
  partitionQueue(partition: number): string;
  /** Every exchange and queue name this topology declares. */
  names(): string[];
}

export const defaultRetryDelaysMs = [1_000, 10_000, 60_000] as const;

export function createTopology({
  prefix = "orderlens",
  partitions = 8,
  retryDelaysMs = defaultRetryDelaysMs,
}: TopologyOptions = {}): Topology {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024) {
    throw new RangeError(`partitions must be an integer in 1..1024, got ${partitions}`);
  }
  if (retryDelaysMs.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(
      `retry delays must be positive integers (ms), got ${retryDelaysMs.join(",")}`,
    );
  }
  const partitionQueues = Array.from({ length: partitions }, (_, p) => `${prefix}.events.p${p}`);
  const retryTiers = retryDelaysMs.map((delayMs) => ({
    delayMs,
    exchange: `${prefix}.retry.${delayMs}ms`,
    queue: `${prefix}.retry.${delayMs}ms`,
  }));
  const topology: Topology = {
    prefix,
    partitions,
    retryDelaysMs,
    eventsExchange: `${prefix}.events`,
    partitionQueues,
    retryTiers,
    parkingExchange: `${prefix}.parking-lot`,
    parkingQueue: `${prefix}.parking-lot`,
    readModelChangesExchange: `${prefix}.read-model.changes`,
    routingKey: (partition, eventType) => `p${partition}.${eventType}`,
    partitionQueue(partition) {
      const name = partitionQueues[partition];
      if (name === undefined)
        throw new RangeError(`no partition ${partition} (0..${partitions - 1})`);
      return name;
    },
    names: () => [
      topology.eventsExchange,
      ...partitionQueues,
      ...retryTiers.map((t) => t.queue),
      topology.parkingQueue,
    ],
  };
  return topology;
}

/**
 * Declares the whole topology. Idempotent: asserting what exists is a no-op. Arguments of an
 * existing queue cannot change in place (the broker answers PRECONDITION_FAILED), so changing
 * partitions or tiers on a live system means new names (a new prefix) and a drain of the old ones.
 */
export async function declareTopology(channel: Channel, topology: Topology): Promise<void> {
  await channel.assertExchange(topology.eventsExchange, "topic", { durable: true });
  for (let p = 0; p < topology.partitions; p++) {
    const queue = topology.partitionQueue(p);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { "x-queue-type": "quorum", "x-single-active-consumer": true },
    });
    await channel.bindQueue(queue, topology.eventsExchange, `p${p}.#`);
  }
  for (const tier of topology.retryTiers) {
    await channel.assertExchange(tier.exchange, "fanout", { durable: true });
    // Dead-lettering to the default exchange keeps the routing key, which the retrier sets to
    // the origin partition queue's name: the message goes straight back where it came from.
    await channel.assertQueue(tier.queue, {
      durable: true,
      arguments: {
        "x-queue-type": "quorum",
        "x-message-ttl": tier.delayMs,
        "x-dead-letter-exchange": "",
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
      },
    });
    await channel.bindQueue(tier.queue, tier.exchange, "");
  }
  await channel.assertExchange(topology.parkingExchange, "fanout", { durable: true });
  await channel.assertQueue(topology.parkingQueue, {
    durable: true,
    arguments: { "x-queue-type": "quorum" },
  });
  await channel.bindQueue(topology.parkingQueue, topology.parkingExchange, "");
}
