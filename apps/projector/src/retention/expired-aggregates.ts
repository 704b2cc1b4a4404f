import type { RetentionWindow } from "@orderlens/domain";
import { compositeId, type IndexNames } from "@orderlens/meili-indexes";
import { sql } from "kysely";
import type { ReadDb } from "../mysql-schema/read-database.js";

/** A sales aggregate table as retention sees it: its key, its index, and its time column. */
export interface AggregateTable {
  readonly table: "sales_month_product" | "sales_month_region" | "sales_daily";
  readonly index: string;
  /** The primary key, in order: document ids are these values joined. */
  readonly keys: readonly string[];
  /** The leading key column, and its first value inside the window. */
  readonly since: (window: RetentionWindow) => { column: string; value: string };
}

export function aggregateTables(indexes: IndexNames): AggregateTable[] {
  const byMonth = (w: RetentionWindow) => ({ column: "month", value: w.firstMonth });
  return [
    {
      table: "sales_month_product",
      index: indexes.salesByProductMonth,
      keys: ["month", "product_id", "currency"],
      since: byMonth,
    },
    {
      table: "sales_month_region",
      index: indexes.salesByRegionMonth,
      keys: ["month", "region", "currency"],
      since: byMonth,
    },
    {
      table: "sales_daily",
      index: indexes.salesDaily,
      keys: ["day", "currency"],
      since: (w) => ({ column: "day", value: `${w.firstMonth}-01` }),
    },
  ];
}

type KeyRow = Record<string, string>;

/** The keys of the first `limit` rows before the window, in key order (the primary key's). */
export async function findExpired(
  db: ReadDb,
  t: AggregateTable,
  window: RetentionWindow,
  limit: number,
): Promise<KeyRow[]> {
  const { column, value } = t.since(window);
  const keys = sql.join(t.keys.map((k) => sql.ref(k)));
  const { rows } = await sql<KeyRow>`
    select ${keys} from ${sql.table(t.table)}
     where ${sql.ref(column)} < ${value}
     order by ${keys} limit ${limit}`.execute(db);
  return rows;
}

export const documentIdOf = (t: AggregateTable, row: KeyRow) =>
  compositeId(...t.keys.map((k) => String(row[k])));

/**
 * Deletes exactly the rows found. Months before the window take no more sales (the consumer
 * leaves them out), so nothing has changed them since.
 */
export async function deleteExpired(db: ReadDb, t: AggregateTable, rows: KeyRow[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = sql.join(t.keys.map((k) => sql.ref(k)));
  const tuples = sql.join(rows.map((r) => sql`(${sql.join(t.keys.map((k) => r[k]))})`));
  await sql`delete from ${sql.table(t.table)} where (${keys}) in (${tuples})`.execute(db);
}
