import type { OrderEvent } from "@orderlens/domain";
import {
  type EventMetadata,
  eventTypeName,
  payloadToJson,
  type StoredEvent,
} from "@orderlens/order-events";
import type { Transaction } from "kysely";
import type { Database, Db } from "./database.js";
import { storedEventFromRow } from "./row-decoding.js";
import { uuidV7 } from "./uuid-v7.js";

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

/** Thrown when another writer appended to the stream first (unique stream_id + version). */
export class StreamVersionConflict extends Error {
  override readonly name = "StreamVersionConflict";
  constructor(
    readonly orderId: string,
    readonly afterVersion: number,
  ) {
    super(`order ${orderId} moved past version ${afterVersion} concurrently`);
  }
}

function isDuplicateKey(error: unknown, key?: string): boolean {
  const e = error as { code?: string; errno?: number; message?: string };
  return (
    (e.code === "ER_DUP_ENTRY" || e.errno === 1062) &&
    (key === undefined || (e.message ?? "").includes(key))
  );
}

/**
 * Appends events and their outbox rows in the caller's transaction. Each command yields few events,
 * so rows go in one by one: insertId is then exactly each row's position, whatever the server's
 * auto-increment lock mode.
 */
export async function appendToStream(
  trx: Transaction<Database>,
  request: AppendRequest,
): Promise<AppendResult> {
  let version = request.afterVersion;
  let position = 0;
  const metadata = JSON.stringify(request.metadata);
  for (const event of request.events) {
    version += 1;
    try {
      const result = await trx
        .insertInto("events")
        .values({
          stream_id: request.orderId,
          stream_version: version,
          event_id: uuidV7(request.occurredAt.getTime()),
          type: eventTypeName(event.type),
          payload: JSON.stringify(payloadToJson(event)),
          metadata,
          occurred_at: request.occurredAt,
        })
        .executeTakeFirstOrThrow();
      position = Number(result.insertId);
    } catch (error) {
      if (isDuplicateKey(error, "events_stream_version_uq")) {
        throw new StreamVersionConflict(request.orderId, request.afterVersion);
      }
      throw error;
    }
    await trx.insertInto("outbox").values({ position }).execute();
  }
  return { version, position };
}

export { isDuplicateKey };
