import { create } from "@bufbuild/protobuf";
import {
  ItemAddedSchema,
  ItemRemovedSchema,
  LineItemSchema,
  OrderCancelledSchema,
  OrderCompletedSchema,
  OrderCreatedSchema,
  type OrderEvent as WireEnvelope,
  type LineItem as WireLineItem,
} from "@orderlens/contracts";
import { assertNever, type LineItem, type OrderEvent } from "@orderlens/domain";
import {
  EventDecodeError,
  minorFromWire,
  minorToWire,
  timeFromWire,
  timeToWire,
} from "./wire-values.js";

export type WirePayload = WireEnvelope["payload"];

function itemToWire(item: LineItem): WireLineItem {
  return create(LineItemSchema, {
    productId: item.productId,
    productName: item.productName,
    quantity: item.quantity,
    unitPriceMinor: minorToWire(item.unitPriceMinor),
  });
}

function itemFromWire(item: WireLineItem | undefined, field: string): LineItem {
  if (!item) throw new EventDecodeError(`${field} is missing`);
  return {
    productId: item.productId,
    productName: item.productName,
    quantity: item.quantity,
    unitPriceMinor: minorFromWire(item.unitPriceMinor, `${field}.unit_price_minor`),
  };
}

/** The protobuf payload (the envelope's oneof) of a domain event. */
export function payloadToWire(event: OrderEvent): WirePayload {
  switch (event.type) {
    case "OrderCreated":
      return {
        case: "orderCreated",
        value: create(OrderCreatedSchema, {
          orderId: event.orderId,
          customerId: event.customerId,
          region: event.region,
          currency: event.currency,
          items: event.items.map(itemToWire),
          createdAt: timeToWire(event.createdAt),
        }),
      };
    case "ItemAdded":
      return {
        case: "itemAdded",
        value: create(ItemAddedSchema, {
          orderId: event.orderId,
          item: itemToWire(event.item),
          addedAt: timeToWire(event.at),
        }),
      };
    case "ItemRemoved":
      return {
        case: "itemRemoved",
        value: create(ItemRemovedSchema, {
          orderId: event.orderId,
          productId: event.productId,
          removedAt: timeToWire(event.at),
        }),
      };
    case "OrderCompleted":
      return {
        case: "orderCompleted",
        value: create(OrderCompletedSchema, {
          orderId: event.orderId,
          totalMinor: minorToWire(event.totalMinor),
          completedAt: timeToWire(event.completedAt),
        }),
      };
    case "OrderCancelled":
      return {
        case: "orderCancelled",
        value: create(OrderCancelledSchema, {
          orderId: event.orderId,
          reason: event.reason,
          cancelledAt: timeToWire(event.cancelledAt),
        }),
      };
    default:
      return assertNever(event, "order event");
  }
}

/** The domain event of a protobuf payload; throws EventDecodeError when it is empty or broken. */
export function payloadFromWire(payload: WirePayload): OrderEvent {
  switch (payload.case) {
    case "orderCreated": {
      const p = payload.value;
      return {
        type: "OrderCreated",
        orderId: p.orderId,
        customerId: p.customerId,
        region: p.region,
        currency: p.currency,
        items: p.items.map((item, i) => itemFromWire(item, `items[${i}]`)),
        createdAt: timeFromWire(p.createdAt, "created_at"),
      };
    }
    case "itemAdded": {
      const p = payload.value;
      return {
        type: "ItemAdded",
        orderId: p.orderId,
        item: itemFromWire(p.item, "item"),
        at: timeFromWire(p.addedAt, "added_at"),
      };
    }
    case "itemRemoved": {
      const p = payload.value;
      return {
        type: "ItemRemoved",
        orderId: p.orderId,
        productId: p.productId,
        at: timeFromWire(p.removedAt, "removed_at"),
      };
    }
    case "orderCompleted": {
      const p = payload.value;
      return {
        type: "OrderCompleted",
        orderId: p.orderId,
        totalMinor: minorFromWire(p.totalMinor, "total_minor"),
        completedAt: timeFromWire(p.completedAt, "completed_at"),
      };
    }
    case "orderCancelled": {
      const p = payload.value;
      return {
        type: "OrderCancelled",
        orderId: p.orderId,
        reason: p.reason,
        cancelledAt: timeFromWire(p.cancelledAt, "cancelled_at"),
      };
    }
    case undefined:
      throw new EventDecodeError("event has no payload");
    default:
      return assertNever(payload, "event payload");
  }
}
