import type { ManagedChannel, Topology } from "@orderlens/bus";
import type { RetentionWindow } from "@orderlens/domain";
import type { Logger } from "@orderlens/server";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import type { ReadDb } from "../mysql-schema/read-database.js";
import { createMicroBatcher } from "./micro-batcher.js";
import type { ProjectorMetrics } from "./projector-metrics.js";
import { settleBatch } from "./settle-batch.js";

export interface PartitionConsumerOptions {
  partition: number;
  channel: Channel;
  /** Confirm channel for retries and parking: a message is acked only after its copy is safe. */
  publisher: ManagedChannel<ConfirmChannel>;
  topology: Topology;
  db: ReadDb;
  timeZone: string;
  /** The report window now (retention): sales of months before it are not kept. */
  reportWindow?: () => RetentionWindow | undefined;
  logger: Logger;
  metrics: ProjectorMetrics;
  batchSize: number;
  batchMs: number;
  /** After each committed batch that changed something (wakes the Meilisearch sync). */
  onApplied: () => void;
}

/**
 * Consumes one partition queue in micro-batches (N messages or T ms). Batches of a partition run
 * one after another, so an order's events are applied in the order they arrive; anything that
 * cannot be applied yet goes to a retry tier, anything that never can to the parking lot.
 */
export async function startPartitionConsumer(
  options: PartitionConsumerOptions,
): Promise<{ cancel(): Promise<void> }> {
  const { partition, channel } = options;
  const queue = options.topology.partitionQueue(partition);
  const log = options.logger.child({ component: "consumer", partition });
  const ctx = { ...options, queue, log };
  const batcher = createMicroBatcher<ConsumeMessage>({
    maxItems: options.batchSize,
    maxDelayMs: options.batchMs,
    handle: (batch) => settleBatch(ctx, batch),
    onError(error) {
      // The channel is gone (broker restart): unacked messages return to the queue by themselves.
      log.error("batch could not be settled", { error: (error as Error).message });
    },
  });
  const { consumerTag } = await channel.consume(queue, (msg) => {
    if (msg) batcher.push(msg);
  });
  return {
    async cancel() {
      await channel.cancel(consumerTag).catch(() => {});
      batcher.flush();
      await batcher.drained();
    },
  };
}
