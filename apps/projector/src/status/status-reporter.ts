import { type AmqpConnection, createAmqpConnection, type Topology } from "@orderlens/bus";
import type { ProjectionStatusDocument } from "@orderlens/meili-indexes";
import type { Logger } from "@orderlens/server";
import type { ConfirmChannel } from "amqplib";
import { sql } from "kysely";
import type { Meilisearch } from "meilisearch";
import { Gauge, type Registry } from "prom-client";
import type { ReadDb } from "../mysql-schema/read-database.js";
import { buildStatusDocument, type QueueDepths, type RateSample } from "./status-document.js";

export interface StatusReporterOptions {
  db: ReadDb;
  meili: Meilisearch;
  statusIndex: string;
  amqpUrl: string;
  topology: Topology;
  logger: Logger;
  registry?: Registry;
  intervalMs?: number;
  /** Only the instance that pushes to Meilisearch reports. */
  isLeader: () => boolean;
}

export interface StatusReporter {
  /** Gathers the status now (and updates the gauges); the signal gives up waiting for the broker. */
  report(signal?: AbortSignal): Promise<ProjectionStatusDocument>;
  start(): void;
  /** Ends the loop at once (no interval left waiting) and closes its broker connection. */
  stop(): Promise<void>;
}

/** Messages waiting in each partition queue and in the parking lot, on a channel of its own. */
async function readQueueDepths(
  broker: AmqpConnection,
  topology: Topology,
  signal: AbortSignal | undefined,
): Promise<QueueDepths> {
  const depths = async (ch: ConfirmChannel) => {
    const partitions: number[] = [];
    for (const q of topology.partitionQueues)
      partitions.push((await ch.checkQueue(q)).messageCount);
    return { partitions, parked: (await ch.checkQueue(topology.parkingQueue)).messageCount };
  };
  return broker.withChannel(depths, signal ? { signal } : {});
}

function createStatusGauges(registry: Registry | undefined) {
  const registers = registry ? [registry] : [];
  return {
    depth: new Gauge({
      name: "projector_partition_lag_messages",
      help: "Messages waiting in each partition queue",
      labelNames: ["partition"],
      registers,
    }),
    parked: new Gauge({
      name: "projector_parked_messages",
      help: "Messages in the parking lot",
      registers,
    }),
  };
}

/**
 * Every interval, the Meilisearch-pushing instance gathers progress (MySQL, shared by all
 * instances) and queue depths (RabbitMQ) into one status document and Prometheus gauges.
 */
export function createStatusReporter(options: StatusReporterOptions): StatusReporter {
  const { db, topology } = options;
  const gauges = createStatusGauges(options.registry);
  // Connects on the first report, so instances that never lead hold no broker connection.
  const broker = createAmqpConnection({
    url: options.amqpUrl,
    name: "projector status",
    logger: options.logger,
  });
  let previous: RateSample | undefined;

  const report = async (signal?: AbortSignal): Promise<ProjectionStatusDocument> => {
    const rows = await db.selectFrom("projector_progress").selectAll().execute();
    const pending = await db
      .selectFrom("projected_orders")
      .select(sql<number>`count(*)`.as("n"))
      .where("dirty", "=", 1)
      .executeTakeFirstOrThrow();
    const depths = await readQueueDepths(broker, topology, signal);
    const now = Date.now();
    const built = buildStatusDocument({
      topology,
      rows,
      pending: Number(pending.n),
      depths,
      previous,
      now,
    });
    previous = built.sample;
    for (const p of built.document.partitions)
      gauges.depth.set({ partition: p.partition }, p.lagMessages);
    gauges.parked.set(depths.parked);
    return built.document;
  };

  const stopping = new AbortController();
  let done: Promise<void> | undefined;
  return {
    report,
    start() {
      done ??= runStatusLoop(options, report, stopping.signal);
    },
    async stop() {
      stopping.abort();
      await done;
      await broker.close();
    },
  };
}

async function runStatusLoop(
  options: StatusReporterOptions,
  report: StatusReporter["report"],
  signal: AbortSignal,
): Promise<void> {
  const { meili, statusIndex, intervalMs = 1_000 } = options;
  const log = options.logger.child({ component: "status" });
  let indexReady = false;
  while (!signal.aborted) {
    try {
      if (options.isLeader()) {
        if (!indexReady) {
          await meili.createIndex(statusIndex, { primaryKey: "id" }).waitTask();
          indexReady = true;
        }
        const doc = await report(signal);
        await meili
          .index(statusIndex)
          .addDocuments([doc as unknown as Record<string, unknown>])
          .waitTask({ timeout: 10_000, interval: 10 });
      }
    } catch (error) {
      log.debug("status report failed", { error: (error as Error).message });
    }
    await sleepUnlessAborted(intervalMs, signal);
  }
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener("abort", wake, { once: true });
  });
}
