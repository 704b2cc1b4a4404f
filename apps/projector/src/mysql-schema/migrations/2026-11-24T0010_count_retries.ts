import { type Kysely, sql } from "kysely";

/** Retries are counted with the progress rows so every instance's retries show in one status. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("projector_progress")
    .addColumn("retried_events", sql`bigint unsigned`, (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("projector_progress").dropColumn("retried_events").execute();
}
