// The drain bench's input: N orders of 4 events each, written straight into the event store and
// queued on RabbitMQ as the relay would.
import { once } from "node:events";
import { createTopology, declareTopology } from "@orderlens/bus";
import type { OrderEvent } from "@orderlens/domain";
import {
  createDatabase,
  type Db,
  ensureDatabaseExists,
  migrateToLatest,
  readEventsAfter,
  uuidV7,
} from "@orderlens/event-store";
import { eventTypeName, payloadToJson } from "@orderlens/order-events";
import amqp from "amqplib";
import mysql from "mysql2/promise";
import { publishAsRelay } from "../test/publish-as-relay.js";

export interface SeedTarget {
  run: string;
  orders: number;
  eventsUrl: string;
  amqpUrl: string;
  prefix: string;
  log: (line: string) => void;
}

const regions = ["eu-west", "eu-north", "us-east", "us-west", "apac", "latam"];

/** Order `i`: created with two items, one added, one removed, then completed or cancelled. */
function history(run: string, i: number): OrderEvent[] {
  const orderId = `bench-${run}-${i}`;
  const t = Date.UTC(2026, i % 12, 1 + (i % 28), 10);
  const item = (p: number) => ({
    productId: `sku-${p}`,
    productName: `Product ${p}`,
    quantity: 1 + (p % 4),
    unitPriceMinor: 500 + (p % 50) * 10,
  });
  const events: OrderEvent[] = [
    {
      type: "OrderCreated",
      orderId,
      customerId: `c-${i % 5_000}`,
      region: regions[i % 6] ?? "eu-west",
      currency: i % 5 === 0 ? "USD" : "EUR",
      items: [item(i % 200), item((i + 7) % 200)],
      createdAt: t,
    },
    { type: "ItemAdded", orderId, item: item((i + 13) % 200), at: t + 60_000 },
    { type: "ItemRemoved", orderId, productId: `sku-${(i + 7) % 200}`, at: t + 120_000 },
  ];
  const total = [item(i % 200), item((i + 13) % 200)].reduce(
    (s, it) => s + it.quantity * it.unitPriceMinor,
    0,
  );
  events.push(
    i % 5 === 4
      ? { type: "OrderCancelled", orderId, reason: "bench", cancelledAt: t + 180_000 }
      : { type: "OrderCompleted", orderId, totalMinor: total, completedAt: t + 180_000 },
  );
  return events;
}

async function writeEventStore(t: SeedTarget): Promise<void> {
  const conn = await mysql.createConnection({ uri: t.eventsUrl, timezone: "Z" });
  const started = performance.now();
  for (let from = 0; from < t.orders; from += 1_000) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(t.orders, from + 1_000); i++) {
      for (const [v, e] of history(t.run, i).entries()) {
        const payload = JSON.stringify(payloadToJson(e));
        rows.push([e.orderId, v + 1, uuidV7(), eventTypeName(e.type), payload, "{}", new Date()]);
      }
    }
    await conn.query(
      "INSERT INTO events (stream_id, stream_version, event_id, type, payload, metadata, occurred_at) VALUES ?",
      [rows],
    );
  }
  await conn.end();
  t.log(
    `seeded ${t.orders} orders (${t.orders * 4} events) in the event store in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** Queues the store as the relay would: position order, envelope, headers, partition routing. */
async function queueAsRelay(t: SeedTarget, db: Db): Promise<number> {
  const topology = createTopology({ prefix: t.prefix, partitions: 8 });
  const amqpConn = await amqp.connect(t.amqpUrl);
  const ch = await amqpConn.createConfirmChannel();
  await declareTopology(ch, topology);
  let after = 0;
  let queued = 0;
  const t0 = performance.now();
  for (;;) {
    const chunk = await readEventsAfter(db, after, 2_000);
    if (chunk.length === 0) break;
    for (const e of chunk) {
      if (!publishAsRelay(ch, topology, e)) await once(ch, "drain");
      after = e.position;
      queued++;
    }
    await ch.waitForConfirms();
  }
  await amqpConn.close();
  t.log(`queued ${queued} events on RabbitMQ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return queued;
}

/** Queues the event store again (after the broker's limit consumed the first copy). */
export async function queueEvents(t: SeedTarget): Promise<number> {
  const { db } = createDatabase({ url: t.eventsUrl, connectionLimit: 1 });
  try {
    return await queueAsRelay(t, db);
  } finally {
    await db.destroy();
  }
}

/** Seeds the event store and the queues; returns the number of events queued. */
export async function seedEvents(t: SeedTarget): Promise<number> {
  await ensureDatabaseExists(t.eventsUrl);
  const { db } = createDatabase({ url: t.eventsUrl, connectionLimit: 4 });
  await migrateToLatest(db);
  await writeEventStore(t);
  const queued = await queueAsRelay(t, db);
  await db.destroy();
  return queued;
}
