import { Kysely, MysqlDialect } from "kysely";
import { createPool, type Pool } from "mysql2";
import type { CommandRequestsTable } from "./command-requests-table.js";
import type { EventsTable } from "./events-table.js";
import type { OutboxTable } from "./outbox-table.js";

export interface Database {
  events: EventsTable;
  outbox: OutboxTable;
  command_requests: CommandRequestsTable;
}

export type Db = Kysely<Database>;

export const defaultMysqlUrl =
  "mysql://orderlens_command:orderlens-command-dev@127.0.0.1:3306/orderlens";

export interface DatabaseOptions {
  url?: string;
  connectionLimit?: number;
}

/** mysql2 options every orderlens connection uses: UTC everywhere, exact big numbers. */
export function mysqlConnectionOptions(url: string) {
  return {
    uri: url,
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: false,
    charset: "utf8mb4_bin",
  } as const;
}

export function createDatabase({
  url = defaultMysqlUrl,
  connectionLimit = 20,
}: DatabaseOptions = {}): {
  db: Db;
  pool: Pool;
} {
  // multipleStatements lets a command batch send a transaction's statements in one write. Every
  // value is still a bound parameter, escaped by mysql2; no statement text comes from input.
  const pool = createPool({
    ...mysqlConnectionOptions(url),
    connectionLimit,
    maxIdle: connectionLimit,
    multipleStatements: true,
  });
  // Storage is UTC: make NOW()/CURRENT_TIMESTAMP agree with what mysql2 writes for Dates. Set on
  // every new pool connection, whoever acquires it first (Kysely or a command batch).
  pool.on("connection", (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  const db = new Kysely<Database>({
    dialect: new MysqlDialect({ pool }),
  });
  return { db, pool };
}
