// The property specs' independent view of the decider: invariants checked with BigInt
// arithmetic, the legal transitions, and which error a well-formed command should meet.
import type { OrderCommand } from "../src/commands.js";
import type { DomainError } from "../src/errors.js";
import type { OrderState } from "../src/state.js";

const MAX = Number.MAX_SAFE_INTEGER;

export function fail(message: string): never {
  throw new Error(message);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Checks every invariant with BigInt arithmetic, independently of the money helpers. */
export function checkInvariants(state: OrderState): void {
  if (state.status === "none") {
    if (Object.keys(state).length !== 1) fail("none state carries data");
    return;
  }
  const { items } = state;
  if (items.length < 1 || items.length > 200) fail(`item count ${items.length}`);
  if (new Set(items.map((i) => i.productId)).size !== items.length) fail("duplicate productId");
  let sum = 0n;
  for (const item of items) {
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 10_000) {
      fail(`quantity ${item.quantity}`);
    }
    if (!Number.isSafeInteger(item.unitPriceMinor) || item.unitPriceMinor < 0) {
      fail(`price ${item.unitPriceMinor}`);
    }
    const line = BigInt(item.quantity) * BigInt(item.unitPriceMinor);
    if (line > BigInt(MAX)) fail("line total overflow");
    sum += line;
  }
  if (sum > BigInt(MAX)) fail("order total overflow");
  if (!Number.isSafeInteger(state.totalMinor) || BigInt(state.totalMinor) !== sum) {
    fail(`total ${state.totalMinor} != sum of lines ${sum}`);
  }
  if (state.status === "completed" && !Number.isSafeInteger(state.completedAt)) fail("completedAt");
  if (state.status === "cancelled" && typeof state.cancelReason !== "string") fail("cancelReason");
}

export const LEGAL: ReadonlySet<string> = new Set([
  "none->pending",
  "pending->pending",
  "pending->completed",
  "pending->cancelled",
]);

/** Independent oracle for well-formed commands: should this be accepted in this state? */
export function expectedError(
  command: OrderCommand,
  state: OrderState,
): DomainError["type"] | "none" {
  if (command.type === "CreateOrder")
    return state.status === "none" ? "none" : "OrderAlreadyExists";
  if (state.status === "none") return "OrderNotFound";
  if (command.orderId !== state.orderId) return "OrderIdMismatch";
  if (state.status !== "pending") return "IllegalTransition";
  const ids = state.items.map((i) => i.productId);
  if (command.type === "AddItem") {
    if (ids.includes(command.item.productId)) return "ItemAlreadyInOrder";
    if (ids.length >= 200) return "TooManyItems";
    const next =
      BigInt(state.totalMinor) +
      BigInt(command.item.quantity) * BigInt(command.item.unitPriceMinor);
    return next > BigInt(MAX) ? "OrderTotalOutOfRange" : "none";
  }
  if (command.type === "RemoveItem") {
    if (!ids.includes(command.productId)) return "ItemNotInOrder";
    return ids.length === 1 ? "LastItemCannotBeRemoved" : "none";
  }
  return "none";
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
