import { lineTotal, type OrderState, reportKeys } from "@orderlens/domain";
import { type OrderDocument, toDocumentId } from "@orderlens/meili-indexes";

export function orderDocument(
  state: OrderState,
  version: number,
  timeZone: string,
): OrderDocument | undefined {
  if (state.status === "none") return undefined;
  const { month, day } = reportKeys(state.createdAt, timeZone);
  return {
    id: toDocumentId(state.orderId),
    orderId: state.orderId,
    customerId: state.customerId,
    region: state.region,
    status: state.status,
    currency: state.currency,
    items: state.items.map((i) => ({ ...i, lineTotalMinor: lineTotal(i) })),
    productIds: state.items.map((i) => i.productId),
    productNames: state.items.map((i) => i.productName),
    totalMinor: state.totalMinor,
    createdAt: state.createdAt,
    completedAt: state.status === "completed" ? state.completedAt : null,
    cancelledAt: state.status === "cancelled" ? state.cancelledAt : null,
    cancelReason: state.status === "cancelled" ? state.cancelReason : null,
    month,
    day,
    version,
  };
}
