import { eventTypeName, payloadToJson } from "@orderlens/order-events";
import { type CompiledQuery, sql } from "kysely";
import type { CommandRequestRow } from "./command-requests-table.js";
import type { Db } from "./database.js";
import type { AppendRequest } from "./event-stream.js";
import { uuidV7 } from "./uuid-v7.js";

/** The idempotency record a command stores; version and position come from its append. */
export type CommandRecord = Omit<CommandRequestRow, "created_at" | "version" | "position">;

/**
 * Joins compiled statements into one multi-statement query: one socket write and one wake-up for
 * all of them. Every value stays a bound parameter.
 */
export function joinStatements(queries: readonly CompiledQuery[]): {
  text: string;
  values: unknown[];
} {
  return {
    text: queries.map((q) => q.sql).join(";\n"),
    values: queries.flatMap((q) => [...q.parameters]),
  };
}

/**
 * One command's writes: each event in its own INSERT followed by its outbox row, then the
 * idempotency record. One row per INSERT makes LAST_INSERT_ID() exactly that event's position,
 * whatever the server's auto-increment lock mode; a multi-row insert would not guarantee it.
 * `eventResults` are the indexes (within `statements`) of the event inserts, in version order.
 */
export function appendStatements(
  db: Db,
  append: AppendRequest,
  record: CommandRecord | undefined,
): { statements: CompiledQuery[]; eventResults: number[]; version: number } {
  const statements: CompiledQuery[] = [];
  const eventResults: number[] = [];
  const metadata = JSON.stringify(append.metadata);
  let version = append.afterVersion;
  for (const event of append.events) {
    version += 1;
    eventResults.push(statements.length);
    statements.push(
      db
        .insertInto("events")
        .values({
          stream_id: append.orderId,
          stream_version: version,
          event_id: uuidV7(append.occurredAt.getTime()),
          type: eventTypeName(event.type),
          payload: JSON.stringify(payloadToJson(event)),
          metadata,
          occurred_at: append.occurredAt,
        })
        .compile(),
      sql`INSERT INTO outbox (position) VALUES (LAST_INSERT_ID())`.compile(db),
    );
  }
  if (record) {
    // Without events there is no position of this command's own to record (and in a batch,
    // LAST_INSERT_ID() would be another command's).
    const position = eventResults.length > 0 ? sql`LAST_INSERT_ID()` : sql`0`;
    statements.push(
      sql`INSERT INTO command_requests (request_id, command_type, request_hash, order_id, version, position)
          VALUES (${record.request_id}, ${record.command_type}, ${record.request_hash}, ${record.order_id}, ${version}, ${position})`.compile(
        db,
      ),
    );
  }
  return { statements, eventResults, version };
}
