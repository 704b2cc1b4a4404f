import type { StoredEvent } from "@orderlens/order-events";
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
import { appendStatements, type CommandRecord, joinStatements } from "./statement-batch.js";

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
  commit(append: AppendRequest, record?: CommandRecord): Promise<AppendResult>;
  /** Ends the transaction without writing (a rejected or replayed command). */
  rollback(): Promise<void>;
}

export interface BeginOptions {
  requestId: string | undefined;
  orderId: string;
  /** False when the order id was generated for this command: its stream cannot exist. */
  readStream: boolean;
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
    const { text, values } = joinStatements(reads);
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
      const { statements, eventResults, version } = appendStatements(db, append, record);
      const writes = [...statements, sql`COMMIT`.compile(db)];
      try {
        const { text, values } = joinStatements(writes);
        const [results] = await conn.query({ sql: text, values });
        const headers = results as { insertId?: number }[];
        // The last event insert holds the command's position.
        const position = Number(headers[eventResults.at(-1) ?? -1]?.insertId ?? 0);
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
