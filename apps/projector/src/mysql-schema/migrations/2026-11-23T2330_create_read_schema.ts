import { type CreateTableBuilder, type Kysely, sql } from "kysely";

// Column names widened to string: the aggregate tables share these columns but not their keys.
type AnyTableBuilder = CreateTableBuilder<string, string>;

function aggregateColumns(t: AnyTableBuilder): AnyTableBuilder {
  return t
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("quantity", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("revenue_minor", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("completed_orders", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("revision", sql`bigint unsigned`, (c) => c.notNull().defaultTo(1))
    .addColumn("synced_revision", sql`bigint unsigned`, (c) => c.notNull().defaultTo(0))
    .addColumn("dirty", "boolean", (c) => c.notNull().defaultTo(true));
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("projected_orders")
    .addColumn("order_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("version", sql`int unsigned`, (c) => c.notNull())
    .addColumn("state", "json", (c) => c.notNull())
    .addColumn("last_position", sql`bigint unsigned`, (c) => c.notNull())
    .addColumn("synced_version", sql`int unsigned`, (c) => c.notNull().defaultTo(0))
    .addColumn("dirty", "boolean", (c) => c.notNull().defaultTo(true))
    .modifyEnd(sql`engine = InnoDB`)
    .execute();
  await db.schema
    .createIndex("projected_orders_dirty")
    .on("projected_orders")
    .column("dirty")
    .execute();

  await aggregateColumns(
    db.schema
      .createTable("sales_month_product")
      .addColumn("month", "char(7)", (c) => c.notNull())
      .addColumn("product_id", "varchar(64)", (c) => c.notNull())
      .addColumn("product_name", "varchar(800)", (c) => c.notNull()),
  )
    .addPrimaryKeyConstraint("sales_month_product_pk", ["month", "product_id", "currency"])
    .modifyEnd(sql`engine = InnoDB`)
    .execute();

  await aggregateColumns(
    db.schema
      .createTable("sales_month_region")
      .addColumn("month", "char(7)", (c) => c.notNull())
      .addColumn("region", "varchar(64)", (c) => c.notNull())
      .addColumn("cancelled_orders", "bigint", (c) => c.notNull().defaultTo(0)),
  )
    .addPrimaryKeyConstraint("sales_month_region_pk", ["month", "region", "currency"])
    .modifyEnd(sql`engine = InnoDB`)
    .execute();

  await aggregateColumns(
    db.schema
      .createTable("sales_daily")
      .addColumn("day", "char(10)", (c) => c.notNull())
      .addColumn("month", "char(7)", (c) => c.notNull())
      .addColumn("cancelled_orders", "bigint", (c) => c.notNull().defaultTo(0)),
  )
    .addPrimaryKeyConstraint("sales_daily_pk", ["day", "currency"])
    .modifyEnd(sql`engine = InnoDB`)
    .execute();

  for (const table of ["sales_month_product", "sales_month_region", "sales_daily"]) {
    await db.schema.createIndex(`${table}_dirty`).on(table).column("dirty").execute();
  }

  await db.schema
    .createTable("projector_progress")
    .addColumn("partition_no", sql`int unsigned`, (c) => c.primaryKey())
    .addColumn("last_position", sql`bigint unsigned`, (c) => c.notNull())
    .addColumn("last_recorded_at", sql`datetime(6)`, (c) => c.notNull())
    .addColumn("last_applied_at", sql`datetime(6)`, (c) => c.notNull())
    .addColumn("applied_events", sql`bigint unsigned`, (c) => c.notNull().defaultTo(0))
    .modifyEnd(sql`engine = InnoDB`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "projector_progress",
    "sales_daily",
    "sales_month_region",
    "sales_month_product",
    "projected_orders",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
