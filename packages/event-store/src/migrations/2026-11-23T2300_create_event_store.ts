import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("events")
    .addColumn("position", sql`bigint unsigned`, (c) => c.primaryKey().autoIncrement())
    .addColumn("stream_id", "varchar(64)", (c) => c.notNull())
    .addColumn("stream_version", sql`int unsigned`, (c) => c.notNull())
    .addColumn("event_id", "char(36)", (c) => c.notNull().unique())
    .addColumn("type", "varchar(128)", (c) => c.notNull())
    .addColumn("payload", "json", (c) => c.notNull())
    .addColumn("metadata", "json", (c) => c.notNull())
    .addColumn("occurred_at", sql`datetime(6)`, (c) => c.notNull())
    .addColumn("recorded_at", sql`datetime(6)`, (c) =>
      c.notNull().defaultTo(sql`current_timestamp(6)`),
    )
    .addUniqueConstraint("events_stream_version_uq", ["stream_id", "stream_version"])
    .modifyEnd(sql`engine = InnoDB`)
    .execute();

  await db.schema
    .createTable("outbox")
    .addColumn("position", sql`bigint unsigned`, (c) => c.primaryKey())
    .addColumn("enqueued_at", sql`datetime(6)`, (c) =>
      c.notNull().defaultTo(sql`current_timestamp(6)`),
    )
    .modifyEnd(sql`engine = InnoDB`)
    .execute();

  await db.schema
    .createTable("command_requests")
    .addColumn("request_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("command_type", "varchar(32)", (c) => c.notNull())
    .addColumn("request_hash", "char(64)", (c) => c.notNull())
    .addColumn("order_id", "varchar(64)", (c) => c.notNull())
    .addColumn("version", sql`int unsigned`, (c) => c.notNull())
    .addColumn("position", sql`bigint unsigned`, (c) => c.notNull())
    .addColumn("created_at", sql`datetime(6)`, (c) =>
      c.notNull().defaultTo(sql`current_timestamp(6)`),
    )
    .modifyEnd(sql`engine = InnoDB`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("command_requests").execute();
  await db.schema.dropTable("outbox").execute();
  await db.schema.dropTable("events").execute();
}
