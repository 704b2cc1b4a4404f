import type { StoredEvent } from "@orderlens/order-events";
import { eventTypeName, payloadToJson } from "@orderlens/order-events";
import { type CompiledQuery, sql } from "kysely";
import type { Pool, PoolConnection } from "mysql2/promise";
import type { CommandRequestRow } from "./command-requests-table.js";
import type { Db } from "./database.js";
import {
  type AppendRequest,
  type AppendResult,
  isDuplicateKey,
  StreamVersionConflict,
} from "./event-stream.js";
import type { EventRow } from "./events-table.js";
import { storedEventFromRow } from "./row-decoding.js";
import { uuidV7 } from "./uuid-v7.js";

/**
 * A command's transaction in two round trips: one that begins it and reads the idempotency record
 * and the stream, one that appends, records and commits. Each statement sent separately costs a
 * socket write and a wake-up per query; on small machines those, not MySQL, bound the command rate.
 * Statements are still built and parameterised by Kysely; only their sending is batched.
 */
export interface CommandTransaction {
  /** The stored reply of an earlier call with this request id, if any. */
  readonly prior: CommandRequestRow | undefined;
  /** The order's events in version order ([] when the stream was not read). */
  readonly stream: readonly StoredEvent[];
  /** Appends the events and their outbox rows, records the reply, and commits. */
  commit(
    append: AppendRequest,
    record?: Omit<CommandRequestRow, "created_at" | "version" | "position">,
  ): Promise<AppendResult>;
  /** Ends the transaction without writing (a rejected or replayed command). */
  rollback(): Promise<void>;
}

export interface BeginOptions {
  requestId: string | undefined;
  orderId: string;
  /** False when the order id was generated for this command: its stream cannot exist. */
  readStream: boolean;
}

function batch(queries: readonly CompiledQuery[]): { text: string; values: unknown[] } {
  return {
    text: queries.map((q) => q.sql).join(";\n"),
    values: queries.flatMap((q) => [...q.parameters]),
  };
}

export async function beginCommand(
  db: Db,
  pool: Pool,
  options: BeginOptions,
): Promise<CommandTransaction> {
  const conn: PoolConnection = await pool.getConnection();
  let open = true;
  const release = (destroy = false) => {
    if (!open) return;
    open = false;
    if (destroy) conn.destroy();
    else conn.release();
  };

  const reads: CompiledQuery[] = [sql`START TRANSACTION`.compile(db)];
  if (options.requestId !== undefined) {
    reads.push(
      db
        .selectFrom("command_requests")
        .selectAll()
        .where("request_id", "=", options.requestId)
        .compile(),
    );
  }
  if (options.readStream) {
    reads.push(
      db
        .selectFrom("events")
        .selectAll()
        .where("stream_id", "=", options.orderId)
        .orderBy("stream_version")
        .compile(),
    );
  }
  let results: unknown[];
  try {
    const { text, values } = batch(reads);
    const [rows] = await conn.query({ sql: text, values });
    results = reads.length === 1 ? [rows] : (rows as unknown[]);
  } catch (error) {
    release(true);
    throw error;
  }
  let index = 1;
  const prior =
    options.requestId !== undefined
      ? ((results[index++] as CommandRequestRow[])[0] ?? undefined)
      : undefined;
  const stream = options.readStream ? (results[index++] as EventRow[]).map(storedEventFromRow) : [];

  const rollback = async () => {
    if (!open) return;
    try {
      await conn.query("ROLLBACK");
      release();
    } catch {
      release(true);
    }
  };

  return {
    prior,
    stream,
    rollback,
    async commit(append, record) {
      const writes: CompiledQuery[] = [];
      const metadata = JSON.stringify(append.metadata);
      let version = append.afterVersion;
      for (const event of append.events) {
        version += 1;
        writes.push(
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
        writes.push(
          sql`INSERT INTO command_requests (request_id, command_type, request_hash, order_id, version, position)
              VALUES (${record.request_id}, ${record.command_type}, ${record.request_hash}, ${record.order_id}, ${version}, LAST_INSERT_ID())`.compile(
            db,
          ),
        );
      }
      writes.push(sql`COMMIT`.compile(db));
      try {
        const { text, values } = batch(writes);
        const [results] = await conn.query({ sql: text, values });
        const headers = results as { insertId?: number }[];
        // Every other result is an events insert; the last of them holds the command's position.
        const position = Number(headers[(append.events.length - 1) * 2]?.insertId ?? 0);
        release();
        return { version, position };
      } catch (error) {
        await rollback();
        if (isDuplicateKey(error, "events_stream_version_uq")) {
          throw new StreamVersionConflict(append.orderId, append.afterVersion);
        }
        throw error;
      }
    },
  };
}
