import { type Kysely, type Migration, type MigrationResultSet, Migrator } from "kysely";
import * as createEventStore from "./migrations/2026-11-23T2300_create_event_store.js";

/** Migrations in name order; names are timestamps so order is creation order. */
const migrations: Record<string, Migration> = {
  "2026-11-23T2300_create_event_store": createEventStore,
};

export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "command_svc_migrations",
    migrationLockTableName: "command_svc_migrations_lock",
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
