import { evolve, type OrderEvent, OrderHistoryError, type OrderState } from "@orderlens/domain";
import { type Db, readEventsAfter } from "@orderlens/event-store";
import type { IndexNames } from "@orderlens/meili-indexes";
import { orderDocument } from "../documents/order-document.js";
import {
  dailyDocument,
  productMonthDocument,
  regionMonthDocument,
} from "../documents/sales-documents.js";
import { mergeDeltas, type SalesDelta, salesDeltas } from "../projection/sales-deltas.js";
import type { KeptDocument } from "../retention/kept-documents.js";

export type Documents = Map<string, Map<string, Record<string, unknown>>>;

/** The terminal event an order's final state implies; sales depend only on how an order ended. */
function terminalEvent(state: OrderState): OrderEvent | undefined {
  if (state.status === "completed") {
    return {
      type: "OrderCompleted",
      orderId: state.orderId,
      totalMinor: state.totalMinor,
      completedAt: state.completedAt,
    };
  }
  if (state.status === "cancelled") {
    return {
      type: "OrderCancelled",
      orderId: state.orderId,
      reason: state.cancelReason,
      cancelledAt: state.cancelledAt,
    };
  }
  return undefined;
}

/** Documents are compared field by field, whatever their type. */
const asRecord = (doc: object) => doc as Record<string, unknown>;

const aggregateBase = { revision: 0, synced_revision: 0, dirty: 0 };

function deltaDocument(d: SalesDelta): [kind: SalesDelta["kind"], doc: Record<string, unknown>] {
  const sums = {
    quantity: d.quantity,
    revenue_minor: d.revenueMinor,
    completed_orders: d.completedOrders,
    currency: d.currency,
  };
  switch (d.kind) {
    case "month_product":
      return [
        d.kind,
        asRecord(
          productMonthDocument({
            ...aggregateBase,
            ...sums,
            month: d.month,
            product_id: d.productId,
            product_name: d.productName,
          }),
        ),
      ];
    case "month_region":
      return [
        d.kind,
        asRecord(
          regionMonthDocument({
            ...aggregateBase,
            ...sums,
            month: d.month,
            region: d.region,
            cancelled_orders: d.cancelledOrders,
          }),
        ),
      ];
    case "day":
      return [
        d.kind,
        asRecord(
          dailyDocument({
            ...aggregateBase,
            ...sums,
            day: d.day,
            month: d.month,
            cancelled_orders: d.cancelledOrders,
          }),
        ),
      ];
  }
}

/**
 * One event folded into its order. An event impossible in the order's history (written past
 * the domain, into the store) is left out, as the projector parks it instead of applying it.
 */
function replay(
  orders: Map<string, { state: OrderState; version: number }>,
  e: { orderId: string; version: number; event: OrderEvent },
): void {
  const prior = orders.get(e.orderId);
  try {
    orders.set(e.orderId, {
      state: evolve(prior?.state ?? { status: "none" }, e.event),
      version: e.version,
    });
  } catch (error) {
    if (!(error instanceof OrderHistoryError)) throw error;
  }
}

/**
 * Every document the indexes should hold, recomputed from the event store alone with the same
 * pure functions the projector uses, but through a different path (a full replay, no batches,
 * no MySQL read schema), so a projection bug or a lost or doubled event shows up as a difference.
 */
export async function expectedDocuments(
  eventStore: Db,
  indexes: IndexNames,
  timeZone: string,
  /** Called after each chunk read from the event store with the events replayed so far. */
  onReplayed?: (events: number) => void,
  /** Retention's rule: documents outside the windows are not expected. */
  kept: KeptDocument = () => true,
): Promise<{ documents: Documents; events: number }> {
  const orders = new Map<string, { state: OrderState; version: number }>();
  let after = 0;
  let events = 0;
  for (;;) {
    const chunk = await readEventsAfter(eventStore, after, 5_000);
    if (chunk.length === 0) break;
    for (const e of chunk) {
      replay(orders, e);
      after = e.position;
      events++;
    }
    onReplayed?.(events);
  }
  const documents: Documents = new Map([
    [indexes.orders, new Map()],
    [indexes.salesByProductMonth, new Map()],
    [indexes.salesByRegionMonth, new Map()],
    [indexes.salesDaily, new Map()],
  ]);
  const deltas: SalesDelta[] = [];
  for (const { state, version } of orders.values()) {
    const doc = orderDocument(state, version, timeZone) as Record<string, unknown> | undefined;
    if (doc && kept(indexes.orders, doc)) documents.get(indexes.orders)?.set(String(doc.id), doc);
    const end = terminalEvent(state);
    if (end) deltas.push(...salesDeltas(end, state, timeZone));
  }
  const indexOf = {
    month_product: indexes.salesByProductMonth,
    month_region: indexes.salesByRegionMonth,
    day: indexes.salesDaily,
  };
  for (const d of mergeDeltas(deltas)) {
    const [kind, doc] = deltaDocument(d);
    if (kept(indexOf[kind], doc)) documents.get(indexOf[kind])?.set(String(doc.id), doc);
  }
  return { documents, events };
}
