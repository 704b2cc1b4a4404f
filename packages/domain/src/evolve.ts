import type { LineItem } from "./commands.js";
import { assertNever } from "./errors.js";
import type { OrderEvent } from "./events.js";
import { addMinor } from "./money.js";
import { lineTotal, orderTotal } from "./order-totals.js";
import type { OrderState, PendingOrder } from "./state.js";

/**
 * Thrown when a stream's history is impossible (an item added to a completed order, two
 * OrderCreated, ...). Events are facts decide already checked, so this means corruption or a
 * stream mix-up, and failing loudly beats silently folding nonsense into reports.
 */
export class OrderHistoryError extends Error {
  override readonly name = "OrderHistoryError";
}

function copyItem(item: LineItem): LineItem {
  return {
    productId: item.productId,
    productName: item.productName,
    quantity: item.quantity,
    unitPriceMinor: item.unitPriceMinor,
  };
}

function pendingFor(state: OrderState, event: Exclude<OrderEvent, { type: "OrderCreated" }>) {
  if (state.status !== "pending") {
    throw new OrderHistoryError(`${event.type} cannot follow an order in status ${state.status}`);
  }
  if (state.orderId !== event.orderId) {
    throw new OrderHistoryError(
      `${event.type} for order ${event.orderId} applied to order ${state.orderId}`,
    );
  }
  return state;
}

/** Applies one event; never mutates `state`. */
export function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case "OrderCreated": {
      if (state.status !== "none") {
        throw new OrderHistoryError(`OrderCreated for an order already in status ${state.status}`);
      }
      const items = event.items.map(copyItem);
      return {
        status: "pending",
        orderId: event.orderId,
        customerId: event.customerId,
        region: event.region,
        currency: event.currency,
        items,
        totalMinor: orderTotal(items),
        createdAt: event.createdAt,
      };
    }
    case "ItemAdded": {
      const pending = pendingFor(state, event);
      return {
        ...pending,
        items: [...pending.items, copyItem(event.item)],
        totalMinor: addMinor(pending.totalMinor, lineTotal(event.item)),
      } satisfies PendingOrder;
    }
    case "ItemRemoved": {
      const pending = pendingFor(state, event);
      const items = pending.items.filter((item) => item.productId !== event.productId);
      // Recomputed rather than subtracted: cheap at <= 200 lines and cannot drift.
      return { ...pending, items, totalMinor: orderTotal(items) } satisfies PendingOrder;
    }
    case "OrderCompleted": {
      const pending = pendingFor(state, event);
      if (event.totalMinor !== pending.totalMinor) {
        throw new OrderHistoryError(
          `OrderCompleted total ${event.totalMinor} differs from folded total ${pending.totalMinor}`,
        );
      }
      return { ...pending, status: "completed", completedAt: event.completedAt };
    }
    case "OrderCancelled": {
      const pending = pendingFor(state, event);
      return {
        ...pending,
        status: "cancelled",
        cancelledAt: event.cancelledAt,
        cancelReason: event.reason,
      };
    }
    default:
      return assertNever(event, "event");
  }
}
