// The reference the command benches divide by. On a shared machine a command rate alone says
// more about the machine than the code; its share of MySQL's own rate for the same rows, measured
// in the same run on the same server, does not. It is here because bench:commands (command-svc)
// and bench:system (tests/e2e) both measure it and neither may import the other; the event store,
// which owns these tables, is runtime code whose tests depend on this package, so its id scheme
// comes in from the caller instead.
import mysql from "mysql2/promise";
import { type ClosedLoopResult, closedLoop } from "./closed-loop.js";

export interface RawOrderWritesOptions {
  /** A database holding the event store's tables: the service's own, or one migrated for this. */
  mysqlUrl: string;
  concurrency: number;
  durationMs: number;
  /** The event store's id (its uuidV7), so index inserts land in the order the service's do. */
  newId: () => string;
  /** The i-th order's event payload, JSON. */
  payload: (i: number) => string;
  /** Keeps this run's idempotency keys apart from any other run's. */
  run: string;
}

/**
 * What one CreateOrder commits, straight into MySQL: its event, its outbox row and the relay's
 * delete of it, and its idempotency record, one transaction per order, statement by statement.
 * No gRPC, no domain, no batching: the command path's overhead and its group commit both show
 * against it.
 */
async function writeRawOrder(
  pool: mysql.Pool,
  i: number,
  options: Pick<RawOrderWritesOptions, "newId" | "payload" | "run">,
): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const orderId = options.newId();
    const [res] = await conn.query(
      "INSERT INTO events (stream_id, stream_version, event_id, type, payload, metadata, occurred_at) VALUES (?, 1, ?, 'orderlens.orders.v1.OrderCreated', ?, '{}', UTC_TIMESTAMP(6))",
      [orderId, options.newId(), options.payload(i)],
    );
    const position = (res as { insertId: number }).insertId;
    await conn.query("INSERT INTO outbox (position) VALUES (?)", [position]);
    await conn.query(
      "INSERT INTO command_requests (request_id, command_type, request_hash, order_id, version, position) VALUES (?, 'CreateOrder', ?, ?, 1, ?)",
      [`raw-${options.run}-${i}`, "0".repeat(64), orderId, position],
    );
    await conn.query("DELETE FROM outbox WHERE position = ?", [position]);
    await conn.commit();
  } finally {
    conn.release();
  }
}

/** Raw order writers on a pool of their own, run for a while at a time (slices of a bench). */
export interface RawOrderWriter {
  /** `concurrency` writers for `durationMs`; order numbers carry on from the last run. */
  run(durationMs: number): Promise<ClosedLoopResult>;
  close(): Promise<void>;
}

export function openRawOrderWriter(
  options: Omit<RawOrderWritesOptions, "durationMs">,
): RawOrderWriter {
  const pool = mysql.createPool({
    uri: options.mysqlUrl,
    // As every orderlens connection: UTC, exact big numbers, binary collation.
    timezone: "Z",
    supportBigNumbers: true,
    charset: "utf8mb4_bin",
    connectionLimit: options.concurrency,
  });
  let next = 0;
  return {
    async run(durationMs) {
      const from = next;
      const r = await closedLoop(options.concurrency, durationMs, (i) =>
        writeRawOrder(pool, from + i, options),
      );
      next = from + r.latencies.length + r.errors;
      return r;
    },
    close: () => pool.end(),
  };
}

/** `concurrency` writers of raw orders for `durationMs`, each on a connection of its own. */
export async function measureRawOrderWrites(
  options: RawOrderWritesOptions,
): Promise<ClosedLoopResult> {
  const writer = openRawOrderWriter(options);
  try {
    return await writer.run(options.durationMs);
  } finally {
    await writer.close();
  }
}
