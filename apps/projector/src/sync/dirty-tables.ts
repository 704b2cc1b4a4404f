import type { OrderState } from "@orderlens/domain";
import type { IndexNames } from "@orderlens/meili-indexes";
import { type Selectable, sql, type Transaction } from "kysely";
import { orderDocument } from "../documents/order-document.js";
import {
  dailyDocument,
  productMonthDocument,
  regionMonthDocument,
} from "../documents/sales-documents.js";
import type { ReadDb } from "../mysql-schema/read-database.js";
import type {
  ProjectedOrdersTable,
  ReadDatabase,
  SalesDailyTable,
  SalesMonthProductTable,
  SalesMonthRegionTable,
} from "../mysql-schema/read-tables.js";

/**
 * One projection table the sync loop pushes: how to read its dirty rows, turn a row into its
 * Meilisearch document, and record that a row's pushed revision is in Meilisearch.
 */
export interface DirtyTable<Row = unknown> {
  /** The index its documents go to. */
  readonly index: string;
  readDirty(db: ReadDb, limit: number): Promise<Row[]>;
  /** Undefined: the row has no document (an order not created yet). */
  toDocument(row: Row): object | undefined;
  /** Records that these rows' read revisions are in Meilisearch. */
  markSynced(trx: Transaction<ReadDatabase>, rows: readonly Row[]): Promise<unknown>;
}

/**
 * Rows grouped by the version or revision that was pushed: one UPDATE a group instead of one a
 * row. A push of 10,000 rows holds a handful of distinct versions; row by row, marking them cost
 * more than the push itself.
 */
function byPushed<Row>(rows: readonly Row[], pushed: (r: Row) => number): Map<number, Row[]> {
  const groups = new Map<number, Row[]>();
  for (const r of rows) {
    const v = Number(pushed(r));
    const group = groups.get(v);
    if (group) group.push(r);
    else groups.set(v, [r]);
  }
  return groups;
}

/** How a table records what was pushed: its key, and its current and pushed counters. */
interface Marking<Row> {
  table: keyof ReadDatabase;
  keys: readonly string[];
  keyOf: (row: Row) => unknown[];
  /** The row's version (orders) or revision (aggregates) as read, i.e. as pushed. */
  pushed: (row: Row) => number;
  current: "version" | "revision";
  synced: "synced_version" | "synced_revision";
}

/**
 * Marks the rows synced up to what was pushed. A row stays dirty until the pushed counter is its
 * latest: it may have moved on since it was read. The rows are locked first, in key order, the
 * order the consumer's batches lock them in: group by group, the UPDATEs alone would take them
 * out of order and deadlock with a batch.
 */
async function markRows<Row>(
  trx: Transaction<ReadDatabase>,
  m: Marking<Row>,
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const keys = sql.join(m.keys.map((k) => sql.ref(k)));
  const tuples = (rs: readonly Row[]) => sql.join(rs.map((r) => sql`(${sql.join(m.keyOf(r))})`));
  await sql`select ${keys} from ${sql.table(m.table)} where (${keys}) in (${tuples(rows)})
             order by ${keys} for update`.execute(trx);
  const [current, synced] = [sql.ref(m.current), sql.ref(m.synced)];
  for (const [pushed, group] of byPushed(rows, m.pushed)) {
    await sql`update ${sql.table(m.table)}
                 set ${synced} = greatest(${synced}, ${pushed}), dirty = ${current} > ${pushed}
               where (${keys}) in (${tuples(group)})`.execute(trx);
  }
}

const revisionOf = {
  pushed: (r: { revision: number }) => r.revision,
  current: "revision",
  synced: "synced_revision",
} as const;

function parseState(value: unknown): OrderState {
  return (typeof value === "string" ? JSON.parse(value) : value) as OrderState;
}

function ordersTable(index: string, timeZone: string) {
  return {
    index,
    readDirty: (db: ReadDb, limit: number) =>
      db.selectFrom("projected_orders").selectAll().where("dirty", "=", 1).limit(limit).execute(),
    toDocument: (r) => orderDocument(parseState(r.state), Number(r.version), timeZone),
    markSynced: (trx, rows) =>
      markRows(
        trx,
        {
          table: "projected_orders",
          keys: ["order_id"],
          keyOf: (r) => [r.order_id],
          pushed: (r) => r.version,
          current: "version",
          synced: "synced_version",
        },
        rows,
      ),
  } satisfies DirtyTable<Selectable<ProjectedOrdersTable>>;
}

function productMonthTable(index: string) {
  return {
    index,
    readDirty: (db: ReadDb, limit: number) =>
      db
        .selectFrom("sales_month_product")
        .selectAll()
        .where("dirty", "=", 1)
        .limit(limit)
        .execute(),
    toDocument: productMonthDocument,
    markSynced: (trx, rows) =>
      markRows(
        trx,
        {
          table: "sales_month_product",
          keys: ["month", "product_id", "currency"],
          keyOf: (r) => [r.month, r.product_id, r.currency],
          ...revisionOf,
        },
        rows,
      ),
  } satisfies DirtyTable<Selectable<SalesMonthProductTable>>;
}

function regionMonthTable(index: string) {
  return {
    index,
    readDirty: (db: ReadDb, limit: number) =>
      db.selectFrom("sales_month_region").selectAll().where("dirty", "=", 1).limit(limit).execute(),
    toDocument: regionMonthDocument,
    markSynced: (trx, rows) =>
      markRows(
        trx,
        {
          table: "sales_month_region",
          keys: ["month", "region", "currency"],
          keyOf: (r) => [r.month, r.region, r.currency],
          ...revisionOf,
        },
        rows,
      ),
  } satisfies DirtyTable<Selectable<SalesMonthRegionTable>>;
}

function dailyTable(index: string) {
  return {
    index,
    readDirty: (db: ReadDb, limit: number) =>
      db.selectFrom("sales_daily").selectAll().where("dirty", "=", 1).limit(limit).execute(),
    toDocument: dailyDocument,
    markSynced: (trx, rows) =>
      markRows(
        trx,
        {
          table: "sales_daily",
          keys: ["day", "currency"],
          keyOf: (r) => [r.day, r.currency],
          ...revisionOf,
        },
        rows,
      ),
  } satisfies DirtyTable<Selectable<SalesDailyTable>>;
}

/** Sends documents to an index and resolves once Meilisearch has applied them. */
export type PushDocuments = (index: string, documents: Record<string, unknown>[]) => Promise<void>;

/** One table's pass: its dirty rows pushed, then each marked synced up to what was pushed. */
export type TableSync = (db: ReadDb, limit: number, push: PushDocuments) => Promise<number>;

const isDeadlockOrLockWait = (error: unknown) =>
  [1213, 1205].includes((error as { errno?: number }).errno ?? 0);

/**
 * Marking runs in READ COMMITTED, as the consumer's batches do: under REPEATABLE READ a marking
 * UPDATE over thousands of keys took gap locks that the consumer's inserts then deadlocked on.
 * A deadlock left all the same is redone here rather than failing the pass, whose push would
 * then be repeated.
 */
async function markWithLockRetries(
  db: ReadDb,
  mark: (trx: Transaction<ReadDatabase>) => Promise<unknown>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction().setIsolationLevel("read committed").execute(mark);
      return;
    } catch (error) {
      if (attempt >= 5 || !isDeadlockOrLockWait(error)) throw error;
    }
  }
}

function tableSync<Row>(table: DirtyTable<Row>): TableSync {
  return async (db, limit, push) => {
    const rows = await table.readDirty(db, limit);
    if (rows.length === 0) return 0;
    const docs = rows.flatMap((r) => {
      const doc = table.toDocument(r);
      return doc ? [doc as Record<string, unknown>] : [];
    });
    if (docs.length > 0) await push(table.index, docs);
    await markWithLockRetries(db, (trx) => table.markSynced(trx, rows));
    return rows.length;
  };
}

/** Every table the sync loop pushes, in the order it pushes them. */
export function dirtyTables(indexes: IndexNames, timeZone: string): TableSync[] {
  return [
    tableSync(ordersTable(indexes.orders, timeZone)),
    tableSync(productMonthTable(indexes.salesByProductMonth)),
    tableSync(regionMonthTable(indexes.salesByRegionMonth)),
    tableSync(dailyTable(indexes.salesDaily)),
  ];
}
