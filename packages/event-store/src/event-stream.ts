import type { OrderEvent } from "@orderlens/domain";
import type { EventMetadata, StoredEvent } from "@orderlens/order-events";
import type { Transaction } from "kysely";
import type { Database, Db } from "./database.js";
import { storedEventFromRow } from "./row-decoding.js";

/** One order's events in version order. */
export async function readStream(
  db: Db | Transaction<Database>,
  orderId: string,
): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("stream_id", "=", orderId)
    .orderBy("stream_version")
    .execute();
  return rows.map(storedEventFromRow);
}

/** Events after a global position, for replays (rebuild, verify) and catch-up. */
export async function readEventsAfter(
  db: Db,
  afterPosition: number,
  limit: number,
): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("position", ">", afterPosition)
    .orderBy("position")
    .limit(limit)
    .execute();
  return rows.map(storedEventFromRow);
}

export interface AppendRequest {
  orderId: string;
  /** The stream version the events were decided against; they get versions after it. */
  afterVersion: number;
  events: readonly OrderEvent[];
  occurredAt: Date;
  metadata: EventMetadata;
}

export interface AppendResult {
  version: number;
  position: number;
}
