// The types every stage of the command pipeline shares. They live apart from the stages so that
// no stage imports another one's module for a type (no import cycles).
import type { DomainError, OrderCommand } from "@orderlens/domain";

export interface CommandContext {
  /** Client idempotency key; undefined when the client sent none. */
  readonly requestId: string | undefined;
  /** sha256 of the request without its request id: a reused id must carry the same command. */
  readonly fingerprint: string;
  readonly expectedVersion: number | undefined;
  readonly correlationId: string;
  readonly actor: string;
  /** The server generated the order id just now: its stream cannot exist, so it is not read. */
  readonly newStream?: boolean;
}

export interface CommandOutcome {
  readonly orderId: string;
  readonly version: number;
  readonly position: number;
  /** The stored reply of an earlier call with the same request id. */
  readonly replayed: boolean;
}

/** Why a command was not applied. Each maps to one gRPC status in command-errors.ts. */
export type CommandFailure =
  | { readonly kind: "domain"; readonly error: DomainError }
  | { readonly kind: "version-conflict"; readonly expected: number; readonly actual: number }
  | { readonly kind: "contention"; readonly attempts: number }
  | {
      readonly kind: "request-id-reused";
      readonly requestId: string;
      readonly commandType: string;
    };

export type CommandResult =
  | { readonly ok: true; readonly outcome: CommandOutcome }
  | { readonly ok: false; readonly failure: CommandFailure };

export type CommandHandler = (
  command: OrderCommand,
  context: CommandContext,
) => Promise<CommandResult>;
