import { mysqlConnectionOptions } from "@orderlens/event-store";
import { Kysely, type Migration, Migrator, MysqlDialect } from "kysely";
import { createPool } from "mysql2";
import * as createReadSchema from "./migrations/2026-11-23T2330_create_read_schema.js";
import * as countRetries from "./migrations/2026-11-24T0010_count_retries.js";
import * as retention from "./migrations/2026-12-06T0500_retention.js";
import type { ReadDatabase } from "./read-tables.js";

export type ReadDb = Kysely<ReadDatabase>;

export const defaultReadMysqlUrl =
  "mysql://orderlens_projector:orderlens-projector-dev@127.0.0.1:3306/orderlens_read";

/** The projector's own schema: never the write tables, so reports never lock checkout. */
export function createReadDatabase(url: string, connectionLimit = 10): ReadDb {
  const pool = createPool({
    ...mysqlConnectionOptions(url),
    connectionLimit,
    maxIdle: connectionLimit,
  });
  pool.on("connection", (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  return new Kysely<ReadDatabase>({ dialect: new MysqlDialect({ pool }) });
}

const migrations: Record<string, Migration> = {
  "2026-11-23T2330_create_read_schema": createReadSchema,
  "2026-11-24T0010_count_retries": countRetries,
  "2026-12-06T0500_retention": retention,
};

export async function migrateReadSchema(db: ReadDb): Promise<string[]> {
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "projector_migrations",
    migrationLockTableName: "projector_migrations_lock",
  });
  const result = await migrator.migrateToLatest();
  if (result.error)
    throw new Error(`read schema migration failed: ${String(result.error)}`, {
      cause: result.error,
    });
  return (result.results ?? []).map((r) => r.migrationName);
}
