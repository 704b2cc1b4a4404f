import type { OrderEventType } from "@orderlens/domain";

const protoPackage = "orderlens.orders.v1";

/** Fully qualified protobuf type of a domain event type, as stored and sent in headers. */
export function eventTypeName(type: OrderEventType): string {
  return `${protoPackage}.${type}`;
}

const byName: ReadonlyMap<string, OrderEventType> = new Map(
  (["OrderCreated", "ItemAdded", "ItemRemoved", "OrderCompleted", "OrderCancelled"] as const).map(
    (t) => [eventTypeName(t), t],
  ),
);

/** The domain event type of a stored or received type name; undefined for an unknown one. */
export function domainEventType(typeName: string): OrderEventType | undefined {
  return byName.get(typeName);
}
