import { type Kysely, sql } from "kysely";

/**
 * Retention retires finished orders by the month they were created. Both facts live in the
 * state JSON; stored generated columns keep them indexable without a write path to forget.
 * Retired orders leave a tombstone (id, version): a redelivered event of one is then a known
 * duplicate, not a gap that would wait for a predecessor forever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("projected_orders")
    .addColumn("created_at_ms", "bigint", (c) =>
      c.generatedAlwaysAs(sql`json_value(state, '$.createdAt')`).stored(),
    )
    .addColumn("finished", "boolean", (c) =>
      c
        .generatedAlwaysAs(sql`json_value(state, '$.status') in ('completed', 'cancelled')`)
        .stored(),
    )
    .execute();
  await db.schema
    .createIndex("projected_orders_retention")
    .on("projected_orders")
    .columns(["finished", "created_at_ms", "order_id"])
    .execute();
  await db.schema
    .createTable("retired_orders")
    .addColumn("order_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("version", sql`int unsigned`, (c) => c.notNull())
    .addColumn("order_month", "char(7)", (c) => c.notNull())
    .addColumn("retired_at", sql`datetime(6)`, (c) => c.notNull())
    .modifyEnd(sql`engine = InnoDB`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("retired_orders").execute();
  await db.schema.dropIndex("projected_orders_retention").on("projected_orders").execute();
  await db.schema
    .alterTable("projected_orders")
    .dropColumn("finished")
    .dropColumn("created_at_ms")
    .execute();
}
