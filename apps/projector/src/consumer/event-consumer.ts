import { setTimeout as sleep } from "node:timers/promises";
import { declareTopology, type Topology } from "@orderlens/bus";
import type { Logger } from "@orderlens/server";
import amqp from "amqplib";
import type { ReadDb } from "../read-model/read-database.js";
import { startPartitionConsumer } from "./partition-consumer.js";
import type { ProjectorMetrics } from "./projector-metrics.js";

export interface EventConsumerOptions {
  amqpUrl: string;
  topology: Topology;
  /** Partitions to consume (default all). */
  partitions?: readonly number[];
  db: ReadDb;
  timeZone: string;
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
 * channel for retries and parking. When the broker goes away, everything is rebuilt with backoff;
 * unacknowledged messages return to their queues, where duplicates are harmless.
 */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const log = options.logger.child({ component: "consumer" });
  let running = false;
  let consuming = false;
  let connection: amqp.ChannelModel | undefined;
  let cancels: (() => Promise<void>)[] = [];
  let loopDone: Promise<void> = Promise.resolve();
  let stopSignal: (() => void) | undefined;

  const runOnce = async () => {
    const conn = await amqp.connect(options.amqpUrl, {
      clientProperties: { connection_name: options.connectionName ?? `projector ${process.pid}` },
    });
    connection = conn;
    const closed = new Promise<void>((resolve) => {
      conn.on("close", () => resolve());
      stopSignal = resolve;
    });
    conn.on("error", (error: Error) => log.warn("amqp connection error", { error: error.message }));
    const setup = await conn.createChannel();
    await declareTopology(setup, options.topology);
    await setup.close();
    const publisher = await conn.createConfirmChannel();
    publisher.on("error", (error: Error) =>
      log.warn("publisher channel error", { error: error.message }),
    );
    const partitions =
      options.partitions ?? Array.from({ length: options.topology.partitions }, (_, i) => i);
    for (const p of partitions) {
      const channel = await conn.createChannel();
      channel.on("error", (error: Error) =>
        log.warn("consumer channel error", { partition: p, error: error.message }),
      );
      await channel.prefetch(options.prefetch);
      const consumer = await startPartitionConsumer({
        ...options,
        partition: p,
        channel,
        publisher,
        logger: options.logger,
      });
      cancels.push(consumer.cancel);
    }
    consuming = true;
    log.info("consuming", { partitions, prefetch: options.prefetch });
    await closed;
    consuming = false;
  };

  const loop = async () => {
    let backoff = 100;
    while (running) {
      try {
        await runOnce();
        backoff = 100;
      } catch (error) {
        consuming = false;
        log.warn("consumer failed; reconnecting", {
          error: (error as Error).message,
          backoffMs: backoff,
        });
      }
      cancels = [];
      const c = connection;
      connection = undefined;
      await c?.close().catch(() => {});
      if (running) {
        await sleep(backoff);
        backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 5_000);
      }
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop() {
      running = false;
      await Promise.all(cancels.map((cancel) => cancel()));
      stopSignal?.();
      await loopDone;
    },
    get consuming() {
      return consuming;
    },
  };
}
