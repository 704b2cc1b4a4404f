import type { StoredEvent } from "@orderlens/order-events";
import { type CompiledQuery, sql } from "kysely";
import type { Pool, PoolConnection } from "mysql2/promise";
import type { CommandRequestRow } from "./command-requests-table.js";
import type { Db } from "./database.js";
import type { AppendRequest, AppendResult } from "./event-stream.js";
import type { EventRow } from "./events-table.js";
import { isDuplicateKey, StreamVersionConflict } from "./mysql-errors.js";
import { storedEventFromRow } from "./row-decoding.js";
import { appendStatements, type CommandRecord, joinStatements } from "./statement-batch.js";

/** What a batch reads for one of its commands. */
export interface BeginOptions {
  requestId: string | undefined;
  orderId: string;
  /** False when the order id was generated for this command: its stream cannot exist. */
  readStream: boolean;
}

export interface BatchWrite {
  append: AppendRequest;
  record?: CommandRecord;
}

/**
 * Many commands' transaction in two round trips, whatever their number: one that begins it and
 * reads all their idempotency records and streams, one that appends, records and commits them
 * all. Group commit: under load the per-query socket writes and the commit, not the rows, are what
 * a command costs, so sharing them among concurrent commands raises the rate. The commands must
 * concern distinct orders and distinct request ids (the caller ensures it).
 */
export interface CommandBatch {
  /** The stored reply of an earlier call with this request id, if any. */
  prior(requestId: string): CommandRequestRow | undefined;
  /** The order's events in version order ([] when its stream was not read). */
  stream(orderId: string): readonly StoredEvent[];
  /**
   * Appends every write and commits, all or nothing: the results are in the order of `writes`.
   * On any failure the transaction is rolled back and the error rethrown; a lost race on a
   * stream's version as a StreamVersionConflict.
   */
  commit(writes: readonly BatchWrite[]): Promise<AppendResult[]>;
  /** Ends the transaction without writing. */
  rollback(): Promise<void>;
}

export async function beginCommandBatch(
  db: Db,
  pool: Pool,
  commands: readonly BeginOptions[],
): Promise<CommandBatch> {
  const requestIds = commands.flatMap((c) => (c.requestId === undefined ? [] : [c.requestId]));
  const orderIds = commands.filter((c) => c.readStream).map((c) => c.orderId);
  const lease = leaseConnection(await pool.getConnection());
  let reads: BatchReads;
  try {
    reads = await readBatch(db, lease.conn, requestIds, orderIds);
  } catch (error) {
    lease.release(true);
    throw error;
  }
  const rollback = () => rollbackBatch(lease);
  return {
    prior: (requestId) => reads.priors.get(requestId),
    stream: (orderId) => reads.streams.get(orderId) ?? [],
    rollback,
    async commit(writes) {
      if (writes.length === 0) {
        await rollback();
        return [];
      }
      return commitBatch(db, lease, writes);
    },
  };
}

/** The batch's connection, released (or destroyed, when its state is unknown) exactly once. */
interface ConnectionLease {
  readonly conn: PoolConnection;
  readonly open: boolean;
  release(destroy?: boolean): void;
}

function leaseConnection(conn: PoolConnection): ConnectionLease {
  let open = true;
  return {
    conn,
    get open() {
      return open;
    },
    release(destroy = false) {
      if (!open) return;
      open = false;
      if (destroy) conn.destroy();
      else conn.release();
    },
  };
}

interface BatchReads {
  priors: Map<string, CommandRequestRow>;
  streams: Map<string, StoredEvent[]>;
}

/** The first round trip: begins the transaction and reads the idempotency records and streams. */
async function readBatch(
  db: Db,
  conn: PoolConnection,
  requestIds: readonly string[],
  orderIds: readonly string[],
): Promise<BatchReads> {
  const reads: CompiledQuery[] = [sql`START TRANSACTION`.compile(db)];
  if (requestIds.length > 0) {
    reads.push(
      db.selectFrom("command_requests").selectAll().where("request_id", "in", requestIds).compile(),
    );
  }
  if (orderIds.length > 0) {
    reads.push(
      db
        .selectFrom("events")
        .selectAll()
        .where("stream_id", "in", orderIds)
        .orderBy("stream_id")
        .orderBy("stream_version")
        .compile(),
    );
  }
  const { text, values } = joinStatements(reads);
  const [rows] = await conn.query({ sql: text, values });
  const results = reads.length === 1 ? [rows] : (rows as unknown[]);
  let index = 1;
  const priorRows = requestIds.length > 0 ? (results[index++] as CommandRequestRow[]) : [];
  const eventRows = orderIds.length > 0 ? (results[index++] as EventRow[]) : [];
  return {
    priors: new Map(priorRows.map((row) => [row.request_id, row])),
    streams: groupByStream(eventRows),
  };
}

/** Rows in stream then version order -> each order's events in version order. */
function groupByStream(rows: readonly EventRow[]): Map<string, StoredEvent[]> {
  const streams = new Map<string, StoredEvent[]>();
  for (const row of rows) {
    const event = storedEventFromRow(row);
    const stream = streams.get(event.orderId);
    if (stream) stream.push(event);
    else streams.set(event.orderId, [event]);
  }
  return streams;
}

async function rollbackBatch(lease: ConnectionLease): Promise<void> {
  if (!lease.open) return;
  try {
    await lease.conn.query("ROLLBACK");
    lease.release();
  } catch {
    lease.release(true);
  }
}

/** The second round trip: every write, then COMMIT; rolled back as a whole on any failure. */
async function commitBatch(
  db: Db,
  lease: ConnectionLease,
  writes: readonly BatchWrite[],
): Promise<AppendResult[]> {
  const { statements, planned } = planWrites(db, writes);
  try {
    const { text, values } = joinStatements(statements);
    const [rows] = await lease.conn.query({ sql: text, values });
    const headers = rows as { insertId?: number }[];
    lease.release();
    // Each command's position is the insert id of its own last event row.
    return planned.map(({ version, positionAt }) => ({
      version,
      position: positionAt === undefined ? 0 : Number(headers[positionAt]?.insertId ?? 0),
    }));
  } catch (error) {
    await rollbackBatch(lease);
    throw isDuplicateKey(error, "events_stream_version_uq")
      ? new StreamVersionConflict(error)
      : error;
  }
}

/**
 * The statements of every write and the COMMIT, and for each write its new version and which
 * statement's insert id is its position (none when it appends no event).
 */
function planWrites(
  db: Db,
  writes: readonly BatchWrite[],
): { statements: CompiledQuery[]; planned: { version: number; positionAt?: number }[] } {
  const statements: CompiledQuery[] = [];
  const planned = writes.map(({ append, record }) => {
    const plan = appendStatements(db, append, record);
    const lastEvent = plan.eventResults.at(-1);
    const positionAt = lastEvent === undefined ? undefined : statements.length + lastEvent;
    statements.push(...plan.statements);
    return { version: plan.version, positionAt };
  });
  statements.push(sql`COMMIT`.compile(db));
  return { statements, planned };
}
