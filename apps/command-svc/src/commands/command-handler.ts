import type { OrderCommand } from "@orderlens/domain";
import {
  beginCommand,
  type Db,
  isDuplicateKey,
  readStream,
  StreamVersionConflict,
} from "@orderlens/event-store";
import type { Pool } from "mysql2/promise";
import { type CommandBatcherOptions, createCommandBatcher } from "./command-batcher.js";
import type { CommandResult } from "./command-outcome.js";
import { planCommand } from "./command-plan.js";
import { createKeyedMutex } from "./keyed-mutex.js";

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

export interface CommandHandlerOptions {
  db: Db;
  /** The promise face of the pool behind `db` (command transactions batch their statements). */
  pool: Pool;
  /**
   * Attempts when a command without an expected version loses a race to another instance (this
   * instance queues its own commands per order); then ABORTED.
   */
  maxAttempts?: number;
  /** Called after each commit that appended events (wakes the outbox relay). */
  onCommitted?: () => void;
  /** Group commit tuning, and the tests' hook into it. */
  batching?: Pick<CommandBatcherOptions, "maxBatchSize" | "maxInFlight" | "beginBatch">;
}

export type CommandHandler = (
  command: OrderCommand,
  context: CommandContext,
) => Promise<CommandResult>;

/** Deadlocks and lock waits are transient under contention: the whole transaction is redone. */
function isTransientLockError(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  return errno === 1213 || errno === 1205;
}

/**
 * Loads the order's stream, decides, and appends the events, their outbox rows and the idempotency
 * record in one transaction. A rejected command writes nothing: nothing partial is ever written.
 * Concurrent commands share transactions (command-batcher.ts); a batch that fails as a whole
 * falls back to one transaction per command, with the retries below.
 */
export function createCommandHandler({
  db,
  pool,
  maxAttempts = 5,
  onCommitted,
  batching = {},
}: CommandHandlerOptions): CommandHandler {
  const attemptOnce = async (
    command: OrderCommand,
    ctx: CommandContext,
  ): Promise<CommandResult> => {
    const tx = await beginCommand(db, pool, {
      requestId: ctx.requestId,
      orderId: command.orderId,
      readStream: !ctx.newStream,
    });
    const plan = planCommand(command, ctx, tx.prior, tx.stream);
    if (plan.kind === "reply") {
      await tx.rollback();
      return plan.result;
    }
    const appended = await tx.commit(plan.write.append, plan.write.record);
    return { ok: true, outcome: { orderId: command.orderId, ...appended, replayed: false } };
  };

  const perOrder = createKeyedMutex();
  const handle: CommandHandler = async (command, ctx) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await attemptOnce(command, ctx);
        if (result.ok && !result.outcome.replayed) onCommitted?.();
        return result;
      } catch (error) {
        const conflict = error instanceof StreamVersionConflict;
        if (conflict && ctx.expectedVersion !== undefined) {
          // The caller pinned a version and someone else took it: theirs to resolve, not ours.
          const actual = (await readStream(db, command.orderId)).length;
          return {
            ok: false,
            failure: { kind: "version-conflict", expected: ctx.expectedVersion, actual },
          };
        }
        // A duplicate request id means a concurrent twin committed first: the next attempt
        // finds its reply. A lost race without a pinned version is simply decided again.
        const retryable =
          conflict || isDuplicateKey(error, "PRIMARY") || isTransientLockError(error);
        if (!retryable) throw error;
        if (attempt >= maxAttempts)
          return { ok: false, failure: { kind: "contention", attempts: attempt } };
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  };
  const batched = createCommandBatcher({
    db,
    pool,
    runAlone: handle,
    ...batching,
    ...(onCommitted ? { onCommitted } : {}),
  });
  return (command, ctx) => perOrder.run(command.orderId, () => batched(command, ctx));
}
