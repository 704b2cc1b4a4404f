import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorInfoSchema, PreconditionFailureSchema } from "@orderlens/contracts";
import { assertNever, type DomainError } from "@orderlens/domain";
import { invalidArgument } from "@orderlens/server";
import type { CommandFailure } from "./command-types.js";

const errorDomain = "orderlens.orders.v1";

function preconditionFailed(message: string, type: string, subject: string): ConnectError {
  return new ConnectError(message, Code.FailedPrecondition, undefined, [
    {
      desc: PreconditionFailureSchema,
      value: { violations: [{ type, subject, description: message }] },
    },
    { desc: ErrorInfoSchema, value: { reason: type, domain: errorDomain, metadata: { subject } } },
  ]);
}

function domainError(error: DomainError): ConnectError {
  switch (error.type) {
    case "ValidationFailed":
      // The command time is the server's clock (or, in development, a header checked apart):
      // a time the domain refuses is our fault, never a field the caller sent.
      if (error.violations.some((v) => v.field === "at")) {
        return new ConnectError("internal error: server clock out of range", Code.Internal);
      }
      return invalidArgument(error.violations, "the command has invalid fields");
    case "OrderNotFound":
      return new ConnectError(`order ${error.orderId} does not exist`, Code.NotFound);
    case "OrderAlreadyExists":
      return new ConnectError(`order ${error.orderId} already exists`, Code.AlreadyExists);
    case "IllegalTransition":
      return preconditionFailed(
        `${error.command} is not allowed on a ${error.from} order`,
        "ORDER_STATUS",
        `status/${error.from}`,
      );
    case "ItemNotInOrder":
      return preconditionFailed(
        `product ${error.productId} is not in the order`,
        "ITEM_NOT_IN_ORDER",
        error.productId,
      );
    case "ItemAlreadyInOrder":
      return preconditionFailed(
        `product ${error.productId} is already in the order; remove it first to change it`,
        "ITEM_ALREADY_IN_ORDER",
        error.productId,
      );
    case "LastItemCannotBeRemoved":
      return preconditionFailed(
        `product ${error.productId} is the order's last item; cancel the order instead`,
        "LAST_ITEM",
        error.productId,
      );
    case "TooManyItems":
      return preconditionFailed(
        `an order holds at most ${error.limit} items`,
        "TOO_MANY_ITEMS",
        "items",
      );
    case "OrderTotalOutOfRange":
      return preconditionFailed(
        `adding product ${error.productId} would take the order total past the largest exact amount`,
        "ORDER_TOTAL_OUT_OF_RANGE",
        error.productId,
      );
    case "OrderIdMismatch":
      // The service routed a command to another order's history: our bug, never the caller's.
      return new ConnectError("internal error", Code.Internal);
    default:
      return assertNever(error, "domain error");
  }
}

/** The one place command failures become gRPC statuses. */
export function commandFailureToError(failure: CommandFailure): ConnectError {
  switch (failure.kind) {
    case "domain":
      return domainError(failure.error);
    case "version-conflict":
      return new ConnectError(
        `expected version ${failure.expected} but the order is at version ${failure.actual}`,
        Code.Aborted,
        undefined,
        [
          {
            desc: ErrorInfoSchema,
            value: {
              reason: "VERSION_CONFLICT",
              domain: errorDomain,
              metadata: {
                expectedVersion: String(failure.expected),
                currentVersion: String(failure.actual),
              },
            },
          },
        ],
      );
    case "contention":
      return new ConnectError(
        `the order changed concurrently ${failure.attempts} times in a row; retry`,
        Code.Aborted,
      );
    case "request-id-reused":
      return invalidArgument(
        [
          {
            field: "request_id",
            description: `request id ${failure.requestId} was already used for a different ${failure.commandType} command`,
          },
        ],
        "request id reused for a different command",
      );
    default:
      return assertNever(failure, "command failure");
  }
}
