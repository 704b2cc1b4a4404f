import type { OrderCommandType } from "./commands.js";
import type { OrderStatus } from "./state.js";

/**
 * `field` is the protobuf (snake_case) path of the offending wire field, e.g. `items[3].quantity`,
 * so the gRPC layer can copy it straight into a google.rpc.BadRequest field violation.
 */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

export type DomainError =
  /** Stateless field validation; lists every bad field, not only the first. */
  | { readonly type: "ValidationFailed"; readonly violations: readonly FieldViolation[] }
  | { readonly type: "OrderNotFound"; readonly orderId: string }
  | { readonly type: "OrderAlreadyExists"; readonly orderId: string }
  /** The command was routed to another order's state: a caller bug, never a client error. */
  | { readonly type: "OrderIdMismatch"; readonly expected: string; readonly actual: string }
  | {
      readonly type: "IllegalTransition";
      readonly from: OrderStatus;
      readonly command: OrderCommandType;
    }
  | { readonly type: "ItemNotInOrder"; readonly productId: string }
  | { readonly type: "ItemAlreadyInOrder"; readonly productId: string }
  | { readonly type: "LastItemCannotBeRemoved"; readonly productId: string }
  | { readonly type: "TooManyItems"; readonly limit: number }
  /** Adding the item would push the order total past Number.MAX_SAFE_INTEGER minor units. */
  | { readonly type: "OrderTotalOutOfRange"; readonly productId: string };

export type DomainErrorType = DomainError["type"];

export function assertNever(value: never, context = "value"): never {
  throw new Error(`Unexpected ${context}: ${JSON.stringify(value)}`);
}
