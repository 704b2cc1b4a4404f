import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { OrderLine } from "./order-lines.js";
import { sqlString } from "./sql-string.js";

/**
 * The columns of every file, in file order. `month` is not among them: it is the Hive partition
 * (the directory name), which DuckDB, Spark and Trino add back as a column when they read.
 */
export const orderLineColumns = [
  ["order_id", "VARCHAR"],
  ["customer_id", "VARCHAR"],
  ["region", "VARCHAR"],
  ["currency", "VARCHAR"],
  ["product_id", "VARCHAR"],
  ["product_name", "VARCHAR"],
  ["quantity", "INTEGER"],
  ["unit_price_minor", "BIGINT"],
  ["line_total_minor", "BIGINT"],
  ["created_at", "TIMESTAMP"],
  ["completed_at", "TIMESTAMP"],
  ["completed_day", "DATE"],
  ["order_version", "INTEGER"],
] as const;

const fileColumns = orderLineColumns.map(([name]) => name).join(", ");

type DuckDB = typeof import("@duckdb/node-api");

/**
 * Loaded on first use: the projector serves without it, and a platform without DuckDB's native
 * build fails only the export, with this message.
 */
async function loadDuckDB(): Promise<DuckDB> {
  try {
    return await import("@duckdb/node-api");
  } catch (cause) {
    throw new Error("the history export needs @duckdb/node-api, which could not be loaded", {
      cause,
    });
  }
}

const dayMs = 86_400_000;

function appendLine(a: DuckDBAppender, duck: DuckDB, line: OrderLine): void {
  a.appendVarchar(line.orderId);
  a.appendVarchar(line.customerId);
  a.appendVarchar(line.region);
  a.appendVarchar(line.currency);
  a.appendVarchar(line.productId);
  a.appendVarchar(line.productName);
  a.appendInteger(line.quantity);
  a.appendBigInt(BigInt(line.unitPriceMinor));
  a.appendBigInt(BigInt(line.lineTotalMinor));
  a.appendTimestamp(new duck.DuckDBTimestampValue(BigInt(line.createdAt) * 1_000n));
  a.appendTimestamp(new duck.DuckDBTimestampValue(BigInt(line.completedAt) * 1_000n));
  a.appendDate(new duck.DuckDBDateValue(Date.parse(`${line.completedDay}T00:00:00Z`) / dayMs));
  a.appendInteger(line.orderVersion);
  a.appendVarchar(line.month);
  a.endRow();
}

/** Lines gathered from the replay (any month, any order) until each month's file is written. */
export interface LineStaging {
  add(lines: readonly OrderLine[]): void;
  /** Rows staged per month so far. */
  readonly rowsByMonth: ReadonlyMap<string, number>;
  readonly rowsStaged: number;
  /** Writes one month's lines to `file` as zstd Parquet; returns the rows written. */
  writeMonth(month: string, file: string): Promise<number>;
  close(): Promise<void>;
}

async function createStagingTable(connection: DuckDBConnection): Promise<void> {
  const columns = orderLineColumns.map(([name, type]) => `${name} ${type} NOT NULL`);
  await connection.run(`CREATE TABLE lines (${columns.join(", ")}, month VARCHAR NOT NULL)`);
}

/**
 * A DuckDB database file in `dir` (a hidden name no reader globs), so a long range stays within
 * DuckDB's memory limit: what does not fit is on disk, not in the projector's heap.
 */
export async function openLineStaging(dir: string): Promise<LineStaging> {
  const duck = await loadDuckDB();
  const file = join(dir, `.export-${randomUUID()}.duckdb`);
  let instance: DuckDBInstance | undefined;
  try {
    instance = await duck.DuckDBInstance.create(file, { memory_limit: "512MB" });
    const connection = await instance.connect();
    await createStagingTable(connection);
    return await stagingOn(duck, instance, connection, file);
  } catch (error) {
    instance?.closeSync();
    await removeDatabaseFiles(file);
    throw error;
  }
}

async function removeDatabaseFiles(file: string): Promise<void> {
  await rm(file, { force: true });
  await rm(`${file}.wal`, { force: true });
  await rm(`${file}.tmp`, { recursive: true, force: true });
}

async function stagingOn(
  duck: DuckDB,
  instance: DuckDBInstance,
  connection: DuckDBConnection,
  file: string,
): Promise<LineStaging> {
  const appender = await connection.createAppender("lines");
  const rowsByMonth = new Map<string, number>();
  let flushed = false;
  let rowsStaged = 0;
  return {
    rowsByMonth,
    get rowsStaged() {
      return rowsStaged;
    },
    add(lines) {
      for (const line of lines) {
        appendLine(appender, duck, line);
        rowsByMonth.set(line.month, (rowsByMonth.get(line.month) ?? 0) + 1);
      }
      rowsStaged += lines.length;
    },
    async writeMonth(month, target) {
      if (!flushed) {
        appender.closeSync();
        flushed = true;
      }
      // Sorted by completion, so each row group's min/max lets readers skip by time.
      const result = await connection.run(
        `COPY (SELECT ${fileColumns} FROM lines WHERE month = ${sqlString(month)}
          ORDER BY completed_at, order_id, product_id)
         TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      return result.rowsChanged;
    },
    async close() {
      if (!flushed) appender.closeSync();
      connection.closeSync();
      instance.closeSync();
      await removeDatabaseFiles(file);
    },
  };
}
