// Seeding orderlens in bulk through its real path: the mix's events are appended to the event
// store with their outbox rows, as command-svc commits them, so command-svc's relay publishes
// them and the projector consumes them like any others. Only the command validation is skipped.
// The export bench appends the same events without outbox rows, to a store nothing relays.
import type { OrderEvent } from "@orderlens/domain";
import { uuidV7 } from "@orderlens/event-store";
import { eventTypeName, payloadToJson } from "@orderlens/order-events";
import mysql from "mysql2/promise";
import type { IsolationOrder } from "./isolation-orders.js";

/** The events command-svc would have recorded for the order: created, then completed or not. */
export function orderEvents(o: IsolationOrder): OrderEvent[] {
  const created: OrderEvent = {
    type: "OrderCreated",
    orderId: o.orderId,
    customerId: o.customerId,
    region: o.region,
    currency: o.currency,
    items: o.lines,
    createdAt: o.createdAt,
  };
  if (o.completedAt === undefined) return [created];
  const totalMinor = o.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  return [
    created,
    { type: "OrderCompleted", orderId: o.orderId, totalMinor, completedAt: o.completedAt },
  ];
}

function eventRows(o: IsolationOrder): unknown[][] {
  return orderEvents(o).map((e, v) => [
    e.orderId,
    v + 1,
    uuidV7(),
    eventTypeName(e.type),
    JSON.stringify(payloadToJson(e)),
    JSON.stringify({ command: "bulk-seed" }),
    new Date("createdAt" in e ? e.createdAt : "completedAt" in e ? e.completedAt : Date.now()),
  ]);
}

/**
 * Appends the orders' events and outbox rows, one transaction per chunk; returns the events
 * written. The event store must exist (command-svc migrates it at start). With `outbox: false`
 * only the events are written: a store no relay reads (the export bench replays it directly).
 */
export async function appendOrderEvents(
  eventsUrl: string,
  orders: Iterable<IsolationOrder>,
  chunkSize = 2_000,
  onChunk: (ordersWritten: number) => void = () => {},
  { outbox = true }: { outbox?: boolean } = {},
): Promise<number> {
  const conn = await mysql.createConnection({ uri: eventsUrl, timezone: "Z" });
  let events = 0;
  let written = 0;
  const flush = async (chunk: IsolationOrder[]) => {
    const rows = chunk.flatMap(eventRows);
    await conn.beginTransaction();
    await conn.query(
      "INSERT INTO events (stream_id, stream_version, event_id, type, payload, metadata, occurred_at) VALUES ?",
      [rows],
    );
    // By event id, not by a range from insertId: positions need not be consecutive when
    // command-svc appends at the same time.
    if (outbox) {
      await conn.query(
        "INSERT INTO outbox (position) SELECT position FROM events WHERE event_id IN (?)",
        [rows.map((r) => r[2])],
      );
    }
    await conn.commit();
    events += rows.length;
    written += chunk.length;
    onChunk(written);
  };
  try {
    let chunk: IsolationOrder[] = [];
    for (const o of orders) {
      chunk.push(o);
      if (chunk.length === chunkSize) {
        await flush(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await flush(chunk);
  } finally {
    await conn.end();
  }
  return events;
}
