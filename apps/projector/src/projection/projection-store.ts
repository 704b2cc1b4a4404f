import type { OrderState, RetentionWindow } from "@orderlens/domain";
import type { StoredEvent } from "@orderlens/order-events";
import { sql, type Transaction } from "kysely";
import type { ReadDb } from "../mysql-schema/read-database.js";
import type { ReadDatabase } from "../mysql-schema/read-tables.js";
import { type BatchPlan, type Outcome, type ProjectedOrder, planBatch } from "./plan-batch.js";
import { deltaKey, type SalesDelta } from "./sales-deltas.js";

/** Another projector moved one of the batch's orders first; the batch is planned again. */
export class ProjectionConflict extends Error {
  override readonly name = "ProjectionConflict";
}

function parseState(value: unknown): OrderState {
  return (typeof value === "string" ? JSON.parse(value) : value) as OrderState;
}

async function loadOrders(
  trx: Transaction<ReadDatabase>,
  ids: string[],
): Promise<Map<string, ProjectedOrder>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom("projected_orders")
    .select(["order_id", "version", "state", "last_position"])
    .where("order_id", "in", ids)
    .forUpdate()
    .execute();
  const orders = new Map<string, ProjectedOrder>(
    rows.map((r) => [
      r.order_id,
      {
        version: Number(r.version),
        state: parseState(r.state),
        lastPosition: Number(r.last_position),
      },
    ]),
  );
  for (const [id, tombstone] of await loadRetired(
    trx,
    ids.filter((id) => !orders.has(id)),
  )) {
    orders.set(id, tombstone);
  }
  return orders;
}

/** Tombstones of retired orders, read with a lock so a retirement committing now is seen. */
async function loadRetired(
  trx: Transaction<ReadDatabase>,
  ids: string[],
): Promise<[string, ProjectedOrder][]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom("retired_orders")
    .select(["order_id", "version"])
    .where("order_id", "in", ids)
    .forUpdate()
    .execute();
  return rows.map((r) => [
    r.order_id,
    { version: Number(r.version), state: { status: "none" }, lastPosition: 0, retired: true },
  ]);
}

/** A projected order's row as first inserted: dirty, nothing of it in Meilisearch yet. */
export function newOrderRow(id: string, o: ProjectedOrder) {
  return {
    order_id: id,
    version: o.version,
    state: JSON.stringify(o.state),
    last_position: o.lastPosition,
    synced_version: 0,
    dirty: 1,
  };
}

async function writeOrders(
  trx: Transaction<ReadDatabase>,
  before: ReadonlyMap<string, ProjectedOrder>,
  after: BatchPlan["orders"],
): Promise<void> {
  // A retired order never reaches here: planBatch applies nothing to one.
  const fresh = [...after].filter(([id]) => !before.has(id));
  if (fresh.length > 0) {
    // A plain insert: if another projector created the row meanwhile, the duplicate key aborts
    // this batch instead of overwriting it, and the retry sees the row.
    await trx
      .insertInto("projected_orders")
      .values(fresh.map(([id, o]) => newOrderRow(id, o)))
      .execute();
  }
  for (const [id, o] of after) {
    const prior = before.get(id);
    if (!prior) continue;
    const result = await trx
      .updateTable("projected_orders")
      .set({
        version: o.version,
        state: JSON.stringify(o.state),
        last_position: o.lastPosition,
        dirty: 1,
      })
      .where("order_id", "=", id)
      .where("version", "=", prior.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new ProjectionConflict(`order ${id} moved concurrently`);
  }
}

const add = (column: string) => sql<number>`${sql.ref(column)} + values(${sql.ref(column)})`;

export async function writeDeltas(
  trx: Transaction<ReadDatabase>,
  deltas: readonly SalesDelta[],
): Promise<void> {
  // Same order of rows in every transaction: concurrent batches then wait, never deadlock.
  const sorted = [...deltas].sort((a, b) => deltaKey(a).localeCompare(deltaKey(b)));
  const common = {
    quantity: add("quantity"),
    revenue_minor: add("revenue_minor"),
    completed_orders: add("completed_orders"),
    revision: sql<number>`revision + 1`,
    dirty: sql<number>`1`,
  };
  const products = sorted.flatMap((d) => (d.kind === "month_product" ? [d] : []));
  if (products.length > 0) {
    await trx
      .insertInto("sales_month_product")
      .values(
        products.map((d) => ({
          month: d.month,
          product_id: d.productId,
          product_name: d.productName,
          currency: d.currency,
          quantity: d.quantity,
          revenue_minor: d.revenueMinor,
          completed_orders: d.completedOrders,
          revision: 1,
          synced_revision: 0,
          dirty: 1,
        })),
      )
      .onDuplicateKeyUpdate({ ...common, product_name: sql`values(product_name)` })
      .execute();
  }
  const regions = sorted.flatMap((d) => (d.kind === "month_region" ? [d] : []));
  if (regions.length > 0) {
    await trx
      .insertInto("sales_month_region")
      .values(
        regions.map((d) => ({
          month: d.month,
          region: d.region,
          currency: d.currency,
          quantity: d.quantity,
          revenue_minor: d.revenueMinor,
          completed_orders: d.completedOrders,
          cancelled_orders: d.cancelledOrders,
          revision: 1,
          synced_revision: 0,
          dirty: 1,
        })),
      )
      .onDuplicateKeyUpdate({ ...common, cancelled_orders: add("cancelled_orders") })
      .execute();
  }
  const days = sorted.flatMap((d) => (d.kind === "day" ? [d] : []));
  if (days.length > 0) {
    await trx
      .insertInto("sales_daily")
      .values(
        days.map((d) => ({
          day: d.day,
          month: d.month,
          currency: d.currency,
          quantity: d.quantity,
          revenue_minor: d.revenueMinor,
          completed_orders: d.completedOrders,
          cancelled_orders: d.cancelledOrders,
          revision: 1,
          synced_revision: 0,
          dirty: 1,
        })),
      )
      .onDuplicateKeyUpdate({ ...common, cancelled_orders: add("cancelled_orders") })
      .execute();
  }
}

export async function writeProgress(
  trx: Transaction<ReadDatabase>,
  partition: number,
  events: readonly StoredEvent[],
  outcomes: readonly Outcome[],
) {
  const applied = events.filter((_, i) => outcomes[i] === "applied");
  const last = applied.at(-1);
  if (!last) return;
  await trx
    .insertInto("projector_progress")
    .values({
      partition_no: partition,
      last_position: last.position,
      last_recorded_at: new Date(last.recordedAt),
      last_applied_at: new Date(),
      applied_events: applied.length,
    })
    .onDuplicateKeyUpdate({
      last_position: sql`greatest(last_position, values(last_position))`,
      last_recorded_at: sql`values(last_recorded_at)`,
      last_applied_at: sql`values(last_applied_at)`,
      applied_events: sql`applied_events + values(applied_events)`,
    })
    .execute();
}

/**
 * Applies a batch of events to the projection in one transaction: orders, sales aggregates and
 * progress change together or not at all, so redelivery after a crash finds every applied
 * event already counted (a duplicate) and never counts it twice.
 */
export async function applyBatch(
  db: ReadDb,
  partition: number,
  events: readonly StoredEvent[],
  timeZone: string,
  reportWindow?: RetentionWindow,
): Promise<Outcome[]> {
  return db
    .transaction()
    .setIsolationLevel("read committed")
    .execute(async (trx) => {
      const ids = [...new Set(events.map((e) => e.orderId))].sort();
      const before = await loadOrders(trx, ids);
      const plan = planBatch(before, events, timeZone, reportWindow);
      await writeOrders(trx, before, plan.orders);
      await writeDeltas(trx, plan.deltas);
      await writeProgress(trx, partition, events, plan.outcomes);
      return [...plan.outcomes];
    });
}

/** Counts messages a partition sent to a retry tier (shown in the projection status). */
export async function countRetries(db: ReadDb, partition: number, retried: number): Promise<void> {
  if (retried === 0) return;
  await db
    .insertInto("projector_progress")
    .values({
      partition_no: partition,
      last_position: 0,
      last_recorded_at: new Date(0),
      last_applied_at: new Date(0),
      applied_events: 0,
      retried_events: retried,
    })
    .onDuplicateKeyUpdate({ retried_events: sql`retried_events + values(retried_events)` })
    .execute();
}
