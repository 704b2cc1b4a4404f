import { decideValid, foldEvents, type ValidCommand } from "@orderlens/domain";
import type { BatchWrite, CommandRequestRow } from "@orderlens/event-store";
import type { StoredEvent } from "@orderlens/order-events";
import type { CommandContext, CommandResult } from "./command-types.js";

/** What a command comes to once its idempotency record and stream are read. */
export type CommandPlan =
  | { readonly kind: "reply"; readonly result: CommandResult }
  | { readonly kind: "append"; readonly write: BatchWrite };

/**
 * Decides a command against what its batch read: a replay, a refusal, or events to append. Pure;
 * the command was validated once at the pipeline's entry, so a retry only decides it again.
 */
export function planCommand(
  command: ValidCommand,
  ctx: CommandContext,
  prior: CommandRequestRow | undefined,
  stream: readonly StoredEvent[],
): CommandPlan {
  if (ctx.requestId !== undefined && prior) {
    if (prior.request_hash !== ctx.fingerprint || prior.command_type !== command.type) {
      return {
        kind: "reply",
        result: {
          ok: false,
          failure: {
            kind: "request-id-reused",
            requestId: ctx.requestId,
            commandType: prior.command_type,
          },
        },
      };
    }
    const outcome = {
      orderId: prior.order_id,
      version: prior.version,
      position: Number(prior.position),
      replayed: true,
    };
    return { kind: "reply", result: { ok: true, outcome } };
  }
  const version = stream.length;
  if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== version) {
    const expected = ctx.expectedVersion;
    return {
      kind: "reply",
      result: { ok: false, failure: { kind: "version-conflict", expected, actual: version } },
    };
  }
  const decision = decideValid(command, foldEvents(stream.map((e) => e.event)));
  if (!decision.ok) {
    return {
      kind: "reply",
      result: { ok: false, failure: { kind: "domain", error: decision.error } },
    };
  }
  return {
    kind: "append",
    write: {
      append: {
        orderId: command.orderId,
        afterVersion: version,
        events: decision.events,
        occurredAt: new Date(command.at),
        metadata: {
          causationId: ctx.requestId ?? "",
          correlationId: ctx.correlationId,
          actor: ctx.actor,
        },
      },
      record:
        ctx.requestId === undefined
          ? undefined
          : {
              request_id: ctx.requestId,
              command_type: command.type,
              request_hash: ctx.fingerprint,
              order_id: command.orderId,
            },
    },
  };
}
