import { AmqpUnavailableError, type ManagedChannel, type Topology } from "@orderlens/bus";
import type { RetentionWindow } from "@orderlens/domain";
import { decodeEnvelope, EventDecodeError, type StoredEvent } from "@orderlens/order-events";
import type { Logger } from "@orderlens/server";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import type { ReadDb } from "../mysql-schema/read-database.js";
import type { Outcome } from "../projection/plan-batch.js";
import { applyBatch, countRetries, ProjectionConflict } from "../projection/projection-store.js";
import type { ProjectorMetrics } from "./projector-metrics.js";
import { decideRetry } from "./retry-policy.js";

/** What settling one partition's batches needs. */
export interface BatchContext {
  partition: number;
  queue: string;
  /** The channel the batch was delivered on: the only one that can ack it. */
  channel: Channel;
  /** Confirm channel for retries and parking: a message is acked only after its copy is safe. */
  publisher: ManagedChannel<ConfirmChannel>;
  topology: Topology;
  db: ReadDb;
  timeZone: string;
  /** The report window now (retention): sales of months before it are not kept. */
  reportWindow?: () => RetentionWindow | undefined;
  metrics: ProjectorMetrics;
  log: Logger;
  /** After each committed batch that changed something (wakes the Meilisearch sync). */
  onApplied: () => void;
}

interface Decoded {
  msg: ConsumeMessage;
  event: StoredEvent;
}

/** Sends messages to a retry tier or the parking lot on one publisher, counting the retries. */
interface RetrySender {
  send(msg: ConsumeMessage, error: string, retryable: boolean): void;
  readonly retried: number;
}

/**
 * Applies one batch in one MySQL transaction, sends what cannot be applied (yet) to retry or the
 * parking lot, waits for those copies to be confirmed, then acks the whole batch at once.
 */
export async function settleBatch(ctx: BatchContext, batch: ConsumeMessage[]): Promise<void> {
  const started = performance.now();
  // One publisher for the whole batch: its confirms must cover every copy this batch sent.
  const publisher = ctx.publisher.current;
  if (!publisher) throw new AmqpUnavailableError("the retry publisher channel is down");
  const retries = retrySender(ctx, publisher);
  const decoded = decodeBatch(batch, retries);
  const changed = await applyAndRoute(ctx, decoded, retries);
  await publisher.waitForConfirms();
  await countRetries(ctx.db, ctx.partition, retries.retried).catch((error: unknown) => {
    ctx.log.warn("could not count retries", { error: (error as Error).message });
  });
  const last = batch.at(-1);
  if (last) ctx.channel.ack(last, true);
  ctx.metrics.batchSeconds.observe(
    { partition: ctx.partition },
    (performance.now() - started) / 1000,
  );
  if (changed) ctx.onApplied();
}

function decodeBatch(batch: ConsumeMessage[], retries: RetrySender): Decoded[] {
  const decoded: Decoded[] = [];
  for (const msg of batch) {
    try {
      decoded.push({ msg, event: decodeEnvelope(msg.content) });
    } catch (error) {
      const reason = error instanceof EventDecodeError ? error.message : String(error);
      retries.send(msg, `undecodable: ${reason}`, false);
    }
  }
  return decoded;
}

/** True when the batch changed the read schema. */
async function applyAndRoute(
  ctx: BatchContext,
  decoded: Decoded[],
  retries: RetrySender,
): Promise<boolean> {
  let changed = false;
  try {
    const outcomes = await applyWithLockRetries(
      ctx,
      decoded.map((d) => d.event),
    );
    for (const [i, { msg, event }] of decoded.entries()) {
      if (routeOutcome(ctx, outcomes[i], msg, event, retries)) changed = true;
    }
  } catch (error) {
    // MySQL unavailable or similar: every decoded message takes the retry path, none is lost.
    ctx.log.warn("batch failed; sending it to retry", {
      error: (error as Error).message,
      size: decoded.length,
    });
    for (const { msg } of decoded) retries.send(msg, (error as Error).message, true);
  }
  return changed;
}

function isTransientLockError(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  return error instanceof ProjectionConflict || errno === 1213 || errno === 1205 || errno === 1062;
}

async function applyWithLockRetries(ctx: BatchContext, events: StoredEvent[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyBatch(ctx.db, ctx.partition, events, ctx.timeZone, ctx.reportWindow?.());
    } catch (error) {
      if (attempt < 5 && isTransientLockError(error)) continue;
      throw error;
    }
  }
}

/** Records what happened to one event; true when it was applied. */
function routeOutcome(
  ctx: BatchContext,
  outcome: Outcome | undefined,
  msg: ConsumeMessage,
  event: StoredEvent,
  retries: RetrySender,
): boolean {
  const { metrics, partition } = ctx;
  if (outcome === "applied") {
    metrics.applied.inc({ partition });
    metrics.lastPosition.set({ partition }, event.position);
    metrics.lastAppliedAt.set({ partition }, Date.now() / 1000);
    metrics.lagSeconds.set({ partition }, Math.max(0, (Date.now() - event.recordedAt) / 1000));
    return true;
  }
  if (outcome === "duplicate") {
    metrics.duplicates.inc({ partition });
  } else if (outcome === "gap") {
    metrics.gaps.inc({ partition });
    const gap = `gap: order ${event.orderId} version ${event.version} arrived before its predecessor`;
    retries.send(msg, gap, true);
  } else if (outcome !== undefined) {
    retries.send(msg, `invalid in the order's history: ${outcome.invalid}`, false);
  }
  return false;
}

function retrySender(ctx: BatchContext, publisher: ConfirmChannel): RetrySender {
  const { partition, metrics, topology } = ctx;
  let retried = 0;
  return {
    send(msg, error, retryable) {
      const decision = decideRetry(msg, ctx.queue, topology, error, retryable);
      if (decision.action === "retry") {
        publisher.publish(decision.exchange, decision.routingKey, msg.content, decision.options);
        metrics.retries.inc({ partition });
        retried++;
        return;
      }
      publisher.publish(topology.parkingExchange, "", msg.content, decision.options);
      metrics.parked.inc({ partition });
      ctx.log.warn("message parked", {
        messageId: msg.properties.messageId,
        reason: decision.options.headers?.["x-parked-reason"],
      });
    },
    get retried() {
      return retried;
    },
  };
}
