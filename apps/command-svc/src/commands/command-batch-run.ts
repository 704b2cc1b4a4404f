import {
  type BatchWrite,
  type BeginOptions,
  beginCommandBatch,
  type CommandBatch,
  type Db,
} from "@orderlens/event-store";
import type { Pool } from "mysql2/promise";
import { type CommandPlan, planCommand } from "./command-plan.js";
import type { PendingCommand } from "./command-queue.js";
import type { CommandResult } from "./command-types.js";

/** Opens a batch's transaction and reads for it; `retry` says it holds one retried command. */
export type BeginBatch = (
  db: Db,
  pool: Pool,
  reads: readonly BeginOptions[],
  info: { readonly retry: boolean },
) => Promise<CommandBatch>;

export const defaultBeginBatch: BeginBatch = (db, pool, reads) =>
  beginCommandBatch(db, pool, reads);

export interface BatchRunDeps {
  readonly db: Db;
  readonly pool: Pool;
  readonly beginBatch: BeginBatch;
  /** Called after each commit that appended events (wakes the outbox relay). */
  readonly onCommitted: (() => void) | undefined;
}

/**
 * The connection died while the write batch was out: its COMMIT may have run. Running the commands
 * again could apply them twice, so the error goes to the callers. A statement's error (a duplicate
 * key, a deadlock) stops the batch before COMMIT: safe to redo.
 */
export class CommitOutcomeUnknown extends Error {
  override readonly name = "CommitOutcomeUnknown";
  constructor(override readonly cause: unknown) {
    super("connection lost while committing a command batch");
  }
}

function isStatementError(error: unknown): boolean {
  const e = error as { errno?: unknown; fatal?: unknown };
  return typeof e.errno === "number" && e.fatal !== true;
}

/**
 * One transaction for a batch, in two round trips: read every idempotency record and stream,
 * decide each command against them, then append, record and commit all of it at once. Results
 * are in batch order. Throws when the transaction fails as a whole: nothing of it was written
 * (or, as CommitOutcomeUnknown, nobody can tell).
 */
export async function runCommandBatch(
  deps: BatchRunDeps,
  batch: readonly PendingCommand[],
): Promise<CommandResult[]> {
  const reads = batch.map(({ command, ctx }) => ({
    requestId: ctx.requestId,
    orderId: command.orderId,
    readStream: !ctx.newStream,
  }));
  const retry = batch.some((item) => item.attempt > 0);
  const tx = await deps.beginBatch(deps.db, deps.pool, reads, { retry });
  let plans: CommandPlan[];
  try {
    plans = batch.map(({ command, ctx }) =>
      planCommand(
        command,
        ctx,
        ctx.requestId === undefined ? undefined : tx.prior(ctx.requestId),
        tx.stream(command.orderId),
      ),
    );
  } catch (error) {
    await tx.rollback();
    throw error;
  }
  const writes: BatchWrite[] = plans.flatMap((p) => (p.kind === "append" ? [p.write] : []));
  const appended = await tx.commit(writes).catch((error: unknown) => {
    throw isStatementError(error) ? error : new CommitOutcomeUnknown(error);
  });
  if (writes.length > 0) deps.onCommitted?.();
  let next = 0;
  return plans.map((plan) => {
    if (plan.kind === "reply") return plan.result;
    const { version, position } = appended[next++] ?? { version: 0, position: 0 };
    const outcome = { orderId: plan.write.append.orderId, version, position, replayed: false };
    return { ok: true, outcome };
  });
}
