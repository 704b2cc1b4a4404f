import type { Topology } from "@orderlens/bus";
import { decodeEnvelope, EventDecodeError, type StoredEvent } from "@orderlens/order-events";
import type { Logger } from "@orderlens/server";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import { applyBatch, countRetries, ProjectionConflict } from "../projection/projection-store.js";
import type { ReadDb } from "../read-model/read-database.js";
import type { ProjectorMetrics } from "./projector-metrics.js";
import { decideRetry } from "./retry-policy.js";

export interface PartitionConsumerOptions {
  partition: number;
  channel: Channel;
  /** Confirm channel for retries and parking: a message is acked only after its copy is safe. */
  publisher: ConfirmChannel;
  topology: Topology;
  db: ReadDb;
  timeZone: string;
  logger: Logger;
  metrics: ProjectorMetrics;
  batchSize: number;
  batchMs: number;
  /** After each committed batch that changed something (wakes the Meilisearch sync). */
  onApplied: () => void;
}

function isTransientLockError(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  return error instanceof ProjectionConflict || errno === 1213 || errno === 1205 || errno === 1062;
}

/**
 * Consumes one partition queue in micro-batches (N messages or T ms). Batches of a partition run
 * one after another, so an order's events are applied in the order they arrive; anything that
 * cannot be applied yet goes to a retry tier, anything that never can to the parking lot.
 */
export async function startPartitionConsumer(
  options: PartitionConsumerOptions,
): Promise<{ cancel(): Promise<void> }> {
  const { partition, channel, publisher, topology, db, timeZone, metrics } = options;
  const queue = topology.partitionQueue(partition);
  const log = options.logger.child({ component: "consumer", partition });
  let buffer: ConsumeMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const send = async (msg: ConsumeMessage, error: string, retryable: boolean) => {
    const decision = decideRetry(msg, queue, topology, error, retryable);
    if (decision.action === "retry") {
      publisher.publish(decision.exchange, decision.routingKey, msg.content, decision.options);
      metrics.retries.inc({ partition });
      retried++;
    } else {
      publisher.publish(topology.parkingExchange, "", msg.content, decision.options);
      metrics.parked.inc({ partition });
      log.warn("message parked", {
        messageId: msg.properties.messageId,
        reason: decision.options.headers?.["x-parked-reason"],
      });
    }
  };

  const apply = async (events: StoredEvent[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await applyBatch(db, partition, events, timeZone);
      } catch (error) {
        if (attempt < 5 && isTransientLockError(error)) continue;
        throw error;
      }
    }
  };

  let retried = 0;
  const process = async (batch: ConsumeMessage[]) => {
    const started = performance.now();
    retried = 0;
    const decoded: { msg: ConsumeMessage; event: StoredEvent }[] = [];
    for (const msg of batch) {
      try {
        decoded.push({ msg, event: decodeEnvelope(msg.content) });
      } catch (error) {
        const reason = error instanceof EventDecodeError ? error.message : String(error);
        await send(msg, `undecodable: ${reason}`, false);
      }
    }
    let changed = false;
    try {
      const outcomes = await apply(decoded.map((d) => d.event));
      for (const [i, { msg, event }] of decoded.entries()) {
        const outcome = outcomes[i];
        if (outcome === "applied") {
          changed = true;
          metrics.applied.inc({ partition });
          metrics.lastPosition.set({ partition }, event.position);
          metrics.lastAppliedAt.set({ partition }, Date.now() / 1000);
          metrics.lagSeconds.set(
            { partition },
            Math.max(0, (Date.now() - event.recordedAt) / 1000),
          );
        } else if (outcome === "duplicate") {
          metrics.duplicates.inc({ partition });
        } else if (outcome === "gap") {
          metrics.gaps.inc({ partition });
          await send(
            msg,
            `gap: order ${event.orderId} version ${event.version} arrived before its predecessor`,
            true,
          );
        } else if (outcome !== undefined) {
          await send(msg, `invalid in the order's history: ${outcome.invalid}`, false);
        }
      }
    } catch (error) {
      // MySQL unavailable or similar: every decoded message takes the retry path, none is lost.
      log.warn("batch failed; sending it to retry", {
        error: (error as Error).message,
        size: decoded.length,
      });
      for (const { msg } of decoded) await send(msg, (error as Error).message, true);
    }
    await publisher.waitForConfirms();
    await countRetries(db, partition, retried).catch((error: unknown) => {
      log.warn("could not count retries", { error: (error as Error).message });
    });
    const last = batch.at(-1);
    if (last) channel.ack(last, true);
    metrics.batchSeconds.observe({ partition }, (performance.now() - started) / 1000);
    if (changed) options.onApplied();
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    chain = chain
      .then(() => process(batch))
      .catch((error: unknown) => {
        // The channel is gone (broker restart): unacked messages return to the queue by themselves.
        log.error("batch could not be settled", { error: (error as Error).message });
      });
  };

  const { consumerTag } = await channel.consume(queue, (msg) => {
    if (!msg) return;
    buffer.push(msg);
    if (buffer.length >= options.batchSize) flush();
    else if (!timer) timer = setTimeout(flush, options.batchMs);
  });

  return {
    async cancel() {
      await channel.cancel(consumerTag).catch(() => {});
      flush();
      await chain;
    },
  };
}
