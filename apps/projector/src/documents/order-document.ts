import { lineTotal, type OrderState, reportKeys } from "@orderlens/domain";
import { toDocumentId } from "./document-id.js";

export interface OrderDocument {
  id: string;
  orderId: string;
  customerId: string;
  region: string;
  status: "pending" | "completed" | "cancelled";
  currency: string;
  items: {
    productId: string;
    productName: string;
    quantity: number;
    unitPriceMinor: number;
    lineTotalMinor: number;
  }[];
  productIds: string[];
  productNames: string[];
  totalMinor: number;
  /** Epoch milliseconds, UTC. */
  createdAt: number;
  completedAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  /** Month and day of creation in the reporting time zone. */
  month: string;
  day: string;
  version: number;
}

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
