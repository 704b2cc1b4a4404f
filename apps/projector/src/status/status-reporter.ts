import { setTimeout as sleep } from "node:timers/promises";
import type { Topology } from "@orderlens/bus";
import type { ProjectionStatusDocument } from "@orderlens/read-model";
import type { Logger } from "@orderlens/server";
import amqp from "amqplib";
import { sql } from "kysely";
import type { Meilisearch } from "meilisearch";
import { Gauge, type Registry } from "prom-client";
import type { ReadDb } from "../read-model/read-database.js";

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

/**
 * Every interval, the Meilisearch-pushing instance gathers progress (MySQL, shared by all
 * instances) and queue depths (RabbitMQ) into one status document and Prometheus gauges.
 */
export function createStatusReporter(options: StatusReporterOptions) {
  const { db, meili, topology, intervalMs = 1_000 } = options;
  const log = options.logger.child({ component: "status" });
  const registers = options.registry ? [options.registry] : [];
  const depth = new Gauge({
    name: "projector_partition_lag_messages",
    help: "Messages waiting in each partition queue",
    labelNames: ["partition"],
    registers,
  });
  const parked = new Gauge({
    name: "projector_parked_messages",
    help: "Messages in the parking lot",
    registers,
  });
  let running = false;
  let done: Promise<void> = Promise.resolve();
  let conn: amqp.ChannelModel | undefined;
  let previous: { at: number; applied: number } | undefined;

  const queueDepths = async (): Promise<{ partitions: number[]; parked: number }> => {
    if (!conn) {
      conn = await amqp.connect(options.amqpUrl, {
        clientProperties: { connection_name: "projector status" },
      });
      conn.on("error", () => {});
      conn.on("close", () => {
        conn = undefined;
      });
    }
    const ch = await conn.createChannel();
    try {
      const partitions: number[] = [];
      for (const q of topology.partitionQueues)
        partitions.push((await ch.checkQueue(q)).messageCount);
      return { partitions, parked: (await ch.checkQueue(topology.parkingQueue)).messageCount };
    } finally {
      await ch.close().catch(() => {});
    }
  };

  const report = async (): Promise<ProjectionStatusDocument> => {
    const rows = await db.selectFrom("projector_progress").selectAll().execute();
    const pending = await db
      .selectFrom("projected_orders")
      .select(sql<number>`count(*)`.as("n"))
      .where("dirty", "=", 1)
      .executeTakeFirstOrThrow();
    const depths = await queueDepths();
    const now = Date.now();
    const applied = rows.reduce((sum, r) => sum + Number(r.applied_events), 0);
    const rate =
      previous && now > previous.at
        ? ((applied - previous.applied) * 1000) / (now - previous.at)
        : 0;
    previous = { at: now, applied };
    const byPartition = new Map(rows.map((r) => [Number(r.partition_no), r]));
    const partitions = topology.partitionQueues.map((_, p) => {
      const r = byPartition.get(p);
      const lagMessages = depths.partitions[p] ?? 0;
      depth.set({ partition: p }, lagMessages);
      return {
        partition: p,
        lagMessages,
        // Age of the newest applied event's commit when it was applied; 0 once the queue is empty.
        lagSeconds:
          r && lagMessages > 0 ? Math.max(0, (now - r.last_recorded_at.getTime()) / 1000) : 0,
        lastPosition: r ? Number(r.last_position) : 0,
        lastAppliedAt: r && r.last_applied_at.getTime() > 0 ? r.last_applied_at.getTime() : null,
      };
    });
    parked.set(depths.parked);
    const last = rows.reduce<(typeof rows)[number] | undefined>(
      (a, r) => (!a || Number(r.last_position) > Number(a.last_position) ? r : a),
      undefined,
    );
    return {
      id: "projector",
      partitions,
      lastAppliedPosition: last ? Number(last.last_position) : 0,
      lastAppliedAt: last ? last.last_applied_at.getTime() : null,
      eventsPerSecond: Math.round(rate * 10) / 10,
      appliedTotal: applied,
      retriesTotal: rows.reduce((sum, r) => sum + Number(r.retried_events), 0),
      parkedCount: depths.parked,
      pendingDocuments: Number(pending.n),
      reportedAt: now,
    };
  };

  const loop = async () => {
    let ready = false;
    while (running) {
      try {
        if (options.isLeader()) {
          if (!ready) {
            await meili.createIndex(options.statusIndex, { primaryKey: "id" }).waitTask();
            ready = true;
          }
          const doc = await report();
          await meili
            .index(options.statusIndex)
            .addDocuments([doc as unknown as Record<string, unknown>])
            .waitTask({ timeout: 10_000, interval: 10 });
        }
      } catch (error) {
        log.debug("status report failed", { error: (error as Error).message });
      }
      await sleep(intervalMs);
    }
  };

  return {
    report,
    start() {
      if (running) return;
      running = true;
      done = loop();
    },
    async stop() {
      running = false;
      await done;
      await conn?.close().catch(() => {});
    },
  };
}
