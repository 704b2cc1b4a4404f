import type { StoredEvent } from "@orderlens/order-events";
import { sql } from "kysely";
import type { Db } from "./database.js";
import type { EventRow } from "./events-table.js";
import { storedEventFromRow } from "./row-decoding.js";

export interface OutboxEntry {
  readonly position: number;
  /** The event, or the reason the stored row could not be decoded (it is parked, not retried). */
  readonly event: StoredEvent | { readonly undecodable: string; readonly row: EventRow };
}

/** The oldest unpublished events, in position order. */
export async function readOutbox(db: Db, limit: number): Promise<OutboxEntry[]> {
  const rows = await db
    .selectFrom("outbox")
    .innerJoin("events", "events.position", "outbox.position")
    .selectAll("events")
    .orderBy("outbox.position")
    .limit(limit)
    .execute();
  return rows.map((row) => {
    try {
      return { position: Number(row.position), event: storedEventFromRow(row) };
    } catch (error) {
      return {
        position: Number(row.position),
        event: { undecodable: (error as Error).message, row },
      };
    }
  });
}

export async function deleteFromOutbox(db: Db, positions: readonly number[]): Promise<void> {
  if (positions.length === 0) return;
  await db.deleteFrom("outbox").where("position", "in", positions).execute();
}

export async function outboxDepth(db: Db): Promise<{ count: number; oldestAgeMs: number }> {
  const row = await db
    .selectFrom("outbox")
    .select([
      sql<number>`count(*)`.as("count"),
      sql<number | null>`timestampdiff(microsecond, min(enqueued_at), utc_timestamp(6)) / 1000`.as(
        "age",
      ),
    ])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldestAgeMs: Number(row.age ?? 0) };
}
