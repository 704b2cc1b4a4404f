// The projector's ceilings on this machine, in this run, on the seeded data: what the broker, MySQL
// and Meilisearch each manage with nothing of the projector around them. The drain is judged as a
// fraction of the tightest, so a slower or busier machine lowers the ceiling and the figure alike.
import type { Topology } from "@orderlens/bus";
import { createDatabase, readEventsAfter } from "@orderlens/event-store";
import type { StoredEvent } from "@orderlens/order-events";
import type { ProjectorConfig } from "../src/config.js";
import { measureBrokerLimit } from "./limit-broker.js";
import { measureMeiliLimit } from "./limit-meili.js";
import { measureReadSchemaLimit } from "./limit-read-schema.js";

export interface LimitTarget {
  eventsUrl: string;
  /** A database of its own for MySQL's limit; dropped by the caller. */
  scratchReadUrl: string;
  amqpUrl: string;
  topology: Topology;
  meiliUrl: string;
  meiliKey: string;
  /** The queued events: the broker's limit consumes them all, so they must be queued again. */
  total: number;
  config: Pick<
    ProjectorConfig,
    "prefetch" | "batchSize" | "batchMs" | "syncBatchSize" | "timeZone"
  >;
  log: (line: string) => void;
}

/** One ceiling, in events of the seeded stream per second. */
export interface Limit {
  name: string;
  eventsPerSecond: number;
}

export interface PhysicalLimits {
  /** The tightest of the broker and MySQL: the ceiling of applying events to the read schema. */
  applied: Limit;
  /** The tightest of all three: the ceiling of every document being in Meilisearch. */
  converged: Limit;
}

async function readAllEvents(eventsUrl: string): Promise<StoredEvent[]> {
  const { db } = createDatabase({ url: eventsUrl, connectionLimit: 1 });
  try {
    const events: StoredEvent[] = [];
    for (;;) {
      const chunk = await readEventsAfter(db, events.at(-1)?.position ?? 0, 10_000);
      if (chunk.length === 0) return events;
      events.push(...chunk);
    }
  } finally {
    await db.destroy();
  }
}

const tightest = (limits: Limit[]): Limit =>
  limits.reduce((a, b) => (b.eventsPerSecond < a.eventsPerSecond ? b : a));

const rate = (n: number) => Math.round(n).toLocaleString("en-US");

/** Measures each ceiling in turn (the queues are empty afterwards). */
export async function measurePhysicalLimits(t: LimitTarget): Promise<PhysicalLimits> {
  const { config, total, log } = t;
  log("physical limits (same run, same data, nothing of the projector around them):");
  const brokerSeconds = await measureBrokerLimit({ ...t, ...config, total });
  const broker = { name: "RabbitMQ consume-and-ack", eventsPerSecond: total / brokerSeconds };
  log(
    `  ${broker.name}: ${total} messages, prefetch ${config.prefetch}, acked per ${config.batchSize}, in ${brokerSeconds.toFixed(1)} s = ${rate(broker.eventsPerSecond)} events/s`,
  );
  const events = await readAllEvents(t.eventsUrl);
  const mysqlSeconds = await measureReadSchemaLimit({
    url: t.scratchReadUrl,
    events,
    partitions: t.topology.partitions,
    batchSize: config.batchSize,
    timeZone: config.timeZone,
  });
  const mysql = { name: "MySQL upsert", eventsPerSecond: events.length / mysqlSeconds };
  log(
    `  ${mysql.name}: the read schema's rows for ${events.length} events, batches of ${config.batchSize}, ${t.topology.partitions} partitions at once, in ${mysqlSeconds.toFixed(1)} s = ${rate(mysql.eventsPerSecond)} events/s`,
  );
  const eventStore = createDatabase({ url: t.eventsUrl, connectionLimit: 1 }).db;
  const pushed = await measureMeiliLimit({
    eventStore,
    meiliUrl: t.meiliUrl,
    meiliKey: t.meiliKey,
    batchSize: config.syncBatchSize,
    timeZone: config.timeZone,
  }).finally(() => eventStore.destroy());
  const meili = {
    name: "Meilisearch add documents",
    eventsPerSecond: events.length / pushed.seconds,
  };
  log(
    `  ${meili.name}: ${pushed.documents} documents (the final ones), pushes of ${config.syncBatchSize}, in ${pushed.seconds.toFixed(1)} s = ${rate(meili.eventsPerSecond)} events/s`,
  );
  const limits = {
    applied: tightest([broker, mysql]),
    converged: tightest([broker, mysql, meili]),
  };
  log(
    `  limit of applied: ${limits.applied.name}, ${rate(limits.applied.eventsPerSecond)} events/s; limit of converged: ${limits.converged.name}, ${rate(limits.converged.eventsPerSecond)} events/s`,
  );
  return limits;
}
