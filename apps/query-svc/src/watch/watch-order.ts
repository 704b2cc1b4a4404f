// WatchOrder: the order view, then each new version; ends once until_version was sent.
import type { WatchOrderRequest, WatchOrderResponse } from "@orderlens/contracts";
import { toDocumentId } from "@orderlens/meili-indexes";
import type { Index } from "meilisearch";
import { fromMeiliError, isDocumentNotFound } from "../meili-errors.js";
import { type OrderDocument, orderView } from "../queries/order-view.js";
import type { Interest } from "./change-feed.js";
import type { Watch } from "./watchers.js";

/** A watch of one order wakes only for notices that list it. */
export const orderInterest =
  (orderId: string): Interest =>
  (change) =>
    change.orderIds.includes(orderId);

async function readOrder(
  orders: Index<OrderDocument>,
  id: string,
): Promise<OrderDocument | undefined> {
  try {
    return (await orders.getDocument(id)) as OrderDocument;
  } catch (error) {
    if (isDocumentNotFound(error)) return undefined;
    throw fromMeiliError(error, "WatchOrder");
  }
}

export async function* watchOrder(
  req: WatchOrderRequest,
  signal: AbortSignal,
  watch: Watch,
  orders: Index<OrderDocument>,
): AsyncGenerator<WatchOrderResponse> {
  const id = toDocumentId(req.orderId);
  const until = Number(req.untilVersion);
  // -1: the first message goes out even when the order is not projected yet.
  let sentVersion = -1;
  for (;;) {
    const position = BigInt(watch.subscription.position);
    const doc = await readOrder(orders, id);
    const version = doc?.version ?? 0;
    if (version > sentVersion) {
      sentVersion = version;
      watch.sent();
      yield {
        $typeName: "orderlens.reports.v1.WatchOrderResponse",
        ...(doc ? { order: orderView(doc) } : {}),
        projectedVersion: BigInt(version),
        position,
      };
    }
    if (until > 0 && version >= until) return;
    await watch.nextChange(signal);
  }
}
