import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { OrderStatus, type OrderView, OrderViewSchema } from "@orderlens/contracts";
import type { OrderDocument } from "@orderlens/meili-indexes";

export type { OrderDocument };

const statuses = {
  pending: OrderStatus.PENDING,
  completed: OrderStatus.COMPLETED,
  cancelled: OrderStatus.CANCELLED,
} as const;

export function orderView(doc: OrderDocument): OrderView {
  return create(OrderViewSchema, {
    orderId: doc.orderId,
    customerId: doc.customerId,
    region: doc.region,
    status: statuses[doc.status] ?? OrderStatus.UNSPECIFIED,
    currency: doc.currency,
    items: doc.items.map((i) => ({
      productId: i.productId,
      productName: i.productName,
      quantity: i.quantity,
      unitPriceMinor: BigInt(i.unitPriceMinor),
      lineTotalMinor: BigInt(i.lineTotalMinor),
    })),
    totalMinor: BigInt(doc.totalMinor),
    createdAt: timestampFromMs(doc.createdAt),
    ...(doc.completedAt !== null ? { completedAt: timestampFromMs(doc.completedAt) } : {}),
    ...(doc.cancelledAt !== null ? { cancelledAt: timestampFromMs(doc.cancelledAt) } : {}),
    cancelReason: doc.cancelReason ?? "",
    month: doc.month,
    version: BigInt(doc.version),
  });
}
