import { createAmqpConnection, declareTopology, type Topology } from "@orderlens/bus";
import type { RetentionWindow } from "@orderlens/domain";
import type { Logger } from "@orderlens/server";
import type { ReadDb } from "../mysql-schema/read-database.js";
import { startPartitionConsumer } from "./partition-consumer.js";
import type { ProjectorMetrics } from "./projector-metrics.js";

export interface EventConsumerOptions {
  amqpUrl: string;
  topology: Topology;
  /** Partitions to consume (default all). */
  partitions?: readonly number[];
  db: ReadDb;
  timeZone: string;
  /** The report window now (retention): sales of months before it are not kept. */
  reportWindow?: () => RetentionWindow | undefined;
  logger: Logger;
  metrics: ProjectorMetrics;
  prefetch: number;
  batchSize: number;
  batchMs: number;
  onApplied: () => void;
  connectionName?: string;
  maxBackoffMs?: number;
}

export interface EventConsumer {
  start(): void;
  /** Stops consuming, settles the batches in hand, closes the connection. */
  stop(): Promise<void>;
  /** True while connected and consuming every partition. */
  readonly consuming: boolean;
}

/**
 * One connection, one channel per partition (each with its own prefetch window) and one confirm
 * channel for retries and parking. When the broker goes away, the connection rebuilds them all;
 * unacknowledged messages return to their queues, where duplicates are harmless.
 */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const log = options.logger.child({ component: "consumer" });
  const partitions =
    options.partitions ?? Array.from({ length: options.topology.partitions }, (_, i) => i);
  const broker = createAmqpConnection({
    url: options.amqpUrl,
    name: options.connectionName ?? `projector ${process.pid}`,
    logger: options.logger,
    maxBackoffMs: options.maxBackoffMs,
  });
  // Asked for first, so on every connection the topology exists before any partition consumes.
  const publisher = broker.confirmChannel({
    name: "retry publisher",
    setup: (channel) => declareTopology(channel, options.topology),
  });
  const cancels = new Map<number, () => Promise<void>>();
  for (const partition of partitions) {
    broker.channel({
      name: `partition ${partition}`,
      prefetch: options.prefetch,
      async setup(channel) {
        // The old channel's batch in hand can no longer be acked (its messages come back), but
        // it is let finish so that one partition never has two batches applying at once.
        await cancels.get(partition)?.();
        const consumer = await startPartitionConsumer({
          ...options,
          partition,
          channel,
          publisher,
        });
        cancels.set(partition, consumer.cancel);
      },
    });
  }
  const consuming = () => log.info("consuming", { partitions, prefetch: options.prefetch });
  broker.on("connected", consuming);
  broker.on("reconnected", consuming);

  return {
    start: () => broker.start(),
    async stop() {
      await Promise.all([...cancels.values()].map((cancel) => cancel()));
      await broker.close();
    },
    get consuming() {
      return broker.state === "connected";
    },
  };
}
