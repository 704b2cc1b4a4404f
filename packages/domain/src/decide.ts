import type {
  AddItem,
  CancelOrder,
  CompleteOrder,
  CreateOrder,
  LineItem,
  OrderCommand,
  RemoveItem,
} from "./commands.js";
import { assertNever, type DomainError } from "./errors.js";
import type { OrderEvent } from "./events.js";
import { addMinor, tryMinor } from "./money.js";
import { lineTotal } from "./order-totals.js";
import type { ExistingOrder, OrderState, PendingOrder } from "./state.js";
import { checkCommand, LIMITS, type ValidCommand } from "./validation.js";

export type DecideResult<Event = OrderEvent, Error = DomainError> =
  | { readonly ok: true; readonly events: readonly Event[] }
  | { readonly ok: false; readonly error: Error };

const accept = (...events: OrderEvent[]): DecideResult => ({ ok: true, events });
const reject = (error: DomainError): DecideResult => ({ ok: false, error });

// Copies only the known fields: the command may be a richer object (e.g. a protobuf message),
// and events must stay plain JSON data.
function plainItem(item: LineItem): LineItem {
  return {
    productId: item.productId,
    productName: item.productName,
    quantity: item.quantity,
    unitPriceMinor: item.unitPriceMinor,
  };
}

/** Shared guard for commands that act on an existing, still pending order. */
function requirePending(
  command: Exclude<OrderCommand, CreateOrder>,
  state: OrderState,
): { pending: PendingOrder } | { error: DomainError } {
  if (state.status === "none")
    return { error: { type: "OrderNotFound", orderId: command.orderId } };
  const mismatch = checkOrderId(command, state);
  if (mismatch) return { error: mismatch };
  if (state.status !== "pending") {
    return { error: { type: "IllegalTransition", from: state.status, command: command.type } };
  }
  return { pending: state };
}

function checkOrderId(command: OrderCommand, state: ExistingOrder): DomainError | undefined {
  return command.orderId === state.orderId
    ? undefined
    : { type: "OrderIdMismatch", expected: state.orderId, actual: command.orderId };
}

function createOrder(command: CreateOrder, state: OrderState): DecideResult {
  if (state.status !== "none") {
    return reject({ type: "OrderAlreadyExists", orderId: state.orderId });
  }
  return accept({
    type: "OrderCreated",
    orderId: command.orderId,
    customerId: command.customerId,
    region: command.region,
    currency: command.currency,
    items: command.items.map(plainItem),
    createdAt: command.at,
  });
}

function addItem(command: AddItem, state: OrderState): DecideResult {
  const guard = requirePending(command, state);
  if ("error" in guard) return reject(guard.error);
  const { pending } = guard;
  const { productId } = command.item;
  if (pending.items.some((item) => item.productId === productId)) {
    return reject({ type: "ItemAlreadyInOrder", productId });
  }
  if (pending.items.length >= LIMITS.maxItems) {
    return reject({ type: "TooManyItems", limit: LIMITS.maxItems });
  }
  if (tryMinor(() => addMinor(pending.totalMinor, lineTotal(command.item))) === undefined) {
    return reject({ type: "OrderTotalOutOfRange", productId });
  }
  return accept({
    type: "ItemAdded",
    orderId: command.orderId,
    item: plainItem(command.item),
    at: command.at,
  });
}

function removeItem(command: RemoveItem, state: OrderState): DecideResult {
  const guard = requirePending(command, state);
  if ("error" in guard) return reject(guard.error);
  const { pending } = guard;
  const { productId } = command;
  if (!pending.items.some((item) => item.productId === productId)) {
    return reject({ type: "ItemNotInOrder", productId });
  }
  if (pending.items.length <= LIMITS.minItems) {
    return reject({ type: "LastItemCannotBeRemoved", productId });
  }
  return accept({ type: "ItemRemoved", orderId: command.orderId, productId, at: command.at });
}

function completeOrder(command: CompleteOrder, state: OrderState): DecideResult {
  const guard = requirePending(command, state);
  if ("error" in guard) return reject(guard.error);
  return accept({
    type: "OrderCompleted",
    orderId: command.orderId,
    totalMinor: guard.pending.totalMinor,
    completedAt: command.at,
  });
}

function cancelOrder(command: CancelOrder, state: OrderState): DecideResult {
  const guard = requirePending(command, state);
  if ("error" in guard) return reject(guard.error);
  return accept({
    type: "OrderCancelled",
    orderId: command.orderId,
    reason: command.reason,
    cancelledAt: command.at,
  });
}

/**
 * Decides what a command means for an order. Field validation runs first, so a malformed command
 * is always INVALID_ARGUMENT whatever the order's state; state checks come after.
 * A rejection never carries events.
 */
export function decide(command: OrderCommand, state: OrderState): DecideResult {
  const checked = checkCommand(command);
  return checked.ok ? decideValid(checked.command, state) : reject(checked.error);
}

/** `decide` for a command already validated by `checkCommand`: only the state checks run. */
export function decideValid(command: ValidCommand, state: OrderState): DecideResult {
  switch (command.type) {
    case "CreateOrder":
      return createOrder(command, state);
    case "AddItem":
      return addItem(command, state);
    case "RemoveItem":
      return removeItem(command, state);
    case "CompleteOrder":
      return completeOrder(command, state);
    case "CancelOrder":
      return cancelOrder(command, state);
    default:
      return assertNever(command, "command");
  }
}
