import type { RetentionWindow } from "@orderlens/domain";
import { reportKeys } from "@orderlens/domain";
import { sql } from "kysely";
import type { ReadDb } from "../mysql-schema/read-database.js";

/** Where a pass over the finished orders has got to (keyset order: created, then id). */
export interface OrderCursor {
  createdAtMs: number;
  orderId: string;
}

export interface RetirableOrder {
  orderId: string;
  version: number;
  orderMonth: string;
}

/**
 * A month starts at most 12 hours after its UTC midnight in any zone (UTC-12 is the furthest
 * west), so every order created before the window's first local midnight was created before
 * this bound; the exact month is then cut in the zone.
 */
function candidateBound(window: RetentionWindow): number {
  const [year, month] = window.firstMonth.split("-").map(Number) as [number, number];
  return Date.UTC(year, month - 1, 1) + 13 * 3_600_000;
}

/** The next finished orders created before the window, after `cursor`. */
export async function findFinishedBefore(
  db: ReadDb,
  window: RetentionWindow,
  cursor: OrderCursor | undefined,
  limit: number,
): Promise<{ rows: { order_id: string; version: number; created_at_ms: number }[] }> {
  let query = db
    .selectFrom("projected_orders")
    .select(["order_id", "version", "created_at_ms"])
    .where("finished", "=", 1)
    .where("created_at_ms", "<", candidateBound(window));
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb("created_at_ms", ">", cursor.createdAtMs),
        eb.and([eb("created_at_ms", "=", cursor.createdAtMs), eb("order_id", ">", cursor.orderId)]),
      ]),
    );
  }
  const rows = await query.orderBy("created_at_ms").orderBy("order_id").limit(limit).execute();
  return {
    rows: rows.map((r) => ({
      order_id: r.order_id,
      version: Number(r.version),
      created_at_ms: Number(r.created_at_ms),
    })),
  };
}

/** Of the candidates, those whose creation month (in the zone) is before the window. */
export function outsideWindow(
  rows: readonly { order_id: string; version: number; created_at_ms: number }[],
  window: RetentionWindow,
  timeZone: string,
): RetirableOrder[] {
  return rows.flatMap((r) => {
    const orderMonth = reportKeys(r.created_at_ms, timeZone).month;
    return orderMonth < window.firstMonth
      ? [{ orderId: r.order_id, version: r.version, orderMonth }]
      : [];
  });
}

/**
 * Tombstones in, rows out, in one transaction: a consumer that locks the row first finishes
 * before this deletes it; one that comes after finds the tombstone. A finished order takes no
 * more events, so the version read is the version deleted.
 */
export async function retireOrders(
  db: ReadDb,
  orders: readonly RetirableOrder[],
  now: Date,
): Promise<void> {
  if (orders.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("retired_orders")
      .values(
        orders.map((o) => ({
          order_id: o.orderId,
          version: o.version,
          order_month: o.orderMonth,
          retired_at: now,
        })),
      )
      .onDuplicateKeyUpdate({ version: sql<number>`greatest(version, values(version))` })
      .execute();
    await trx
      .deleteFrom("projected_orders")
      .where(
        "order_id",
        "in",
        orders.map((o) => o.orderId),
      )
      .where("finished", "=", 1)
      .execute();
  });
}
