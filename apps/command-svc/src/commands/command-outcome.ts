import type { DomainError } from "@orderlens/domain";

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
