import { checkCommand, type ValidCommand } from "@orderlens/domain";
import { type Db, isDuplicateKey, StreamVersionConflict } from "@orderlens/event-store";
import type { Pool } from "mysql2/promise";
import {
  type BatchRunDeps,
  type BeginBatch,
  CommitOutcomeUnknown,
  defaultBeginBatch,
  runCommandBatch,
} from "./command-batch-run.js";
import { createCommandQueue, type PendingCommand } from "./command-queue.js";
import type { CommandContext, CommandHandler, CommandResult } from "./command-types.js";
import { createKeyedMutex } from "./keyed-mutex.js";

export interface CommandPipelineOptions {
  db: Db;
  /** The promise face of the pool behind `db` (batches send their statements together). */
  pool: Pool;
  /**
   * Transactions a command runs alone after its first one failed, when it keeps losing races to
   * another instance (this instance queues its own commands per order); then ABORTED.
   */
  maxAttempts?: number;
  /** Called after each commit that appended events (wakes the outbox relay). */
  onCommitted?: () => void;
  /**
   * Commands per transaction. Smaller than the usual concurrency on purpose: several batches in
   * flight overlap the database's work with the RPC layer's instead of moving in one wave.
   */
  maxBatchSize?: number;
  /** Batch transactions at once: others collect while one is on the wire or committing. */
  maxInFlight?: number;
  /** Tests interpose here to watch batches form or to make one fail as a whole. */
  beginBatch?: BeginBatch;
}

/** Deadlocks and lock waits are transient under contention: the whole transaction is redone. */
function isTransientLockError(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  return errno === 1213 || errno === 1205;
}

/**
 * A lost race (another instance appended first, or committed a twin's request id first) or a lock
 * error: deciding again on a fresh read resolves it.
 */
function isRetryable(error: unknown): boolean {
  return (
    error instanceof StreamVersionConflict ||
    isDuplicateKey(error, "PRIMARY") ||
    isTransientLockError(error)
  );
}

/**
 * The one write path. A command is validated once, queued behind earlier commands for its order,
 * then decided and committed with whatever other commands are waiting: group commit, one
 * transaction and two round trips per batch, a lone command being a batch of one. A batch that
 * fails as a whole wrote nothing; each of its commands then goes through the same path again,
 * alone, so a failure stays with its cause: a lost race is decided again on a fresh read (a
 * pinned expected version then answers ABORTED), a twin's committed request id replays its reply.
 */
export function createCommandPipeline({
  db,
  pool,
  maxAttempts = 5,
  onCommitted,
  maxBatchSize = 32,
  maxInFlight = 3,
  beginBatch = defaultBeginBatch,
}: CommandPipelineOptions): CommandHandler {
  const deps: BatchRunDeps = { db, pool, beginBatch, onCommitted };
  const queue = createCommandQueue();
  const perOrder = createKeyedMutex();
  let inFlight = 0;
  let scheduled = false;

  const settle = (item: PendingCommand, outcome: () => void) => {
    queue.release(item);
    outcome();
  };

  const retryOrFail = (item: PendingCommand, error: unknown) => {
    if (error instanceof CommitOutcomeUnknown) return settle(item, () => item.reject(error.cause));
    // The first failure may be another command's of the same batch: always worth one lone try.
    if (item.attempt === 0) return requeue(item, 0);
    if (!isRetryable(error)) return settle(item, () => item.reject(error));
    // A pinned version that lost its race is answered by the next read, not counted as contention.
    const pinnedConflict =
      error instanceof StreamVersionConflict && item.ctx.expectedVersion !== undefined;
    if (!pinnedConflict && item.attempt >= maxAttempts) {
      const failure = { kind: "contention", attempts: item.attempt } as const;
      return settle(item, () => item.resolve({ ok: false, failure }));
    }
    requeue(item, Math.random() * 5 * item.attempt);
  };

  const requeue = (item: PendingCommand, delayMs: number) => {
    item.attempt += 1;
    setTimeout(() => {
      queue.push(item);
      schedule();
    }, delayMs);
  };

  const run = async (batch: readonly PendingCommand[]) => {
    try {
      const results = await runCommandBatch(deps, batch);
      for (const [i, item] of batch.entries()) {
        settle(item, () => item.resolve(results[i] as CommandResult));
      }
    } catch (error) {
      for (const item of batch) retryOrFail(item, error);
    }
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.take(maxBatchSize);
      if (batch.length === 0) return;
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        schedule();
      });
    }
  };

  // setImmediate, not now: requests decoded from the same socket reads join one batch.
  function schedule() {
    if (scheduled || inFlight >= maxInFlight || queue.length === 0) return;
    scheduled = true;
    setImmediate(flush);
  }

  const enqueue = (command: ValidCommand, ctx: CommandContext) =>
    new Promise<CommandResult>((resolve, reject) => {
      const keys = [`order:${command.orderId}`];
      if (ctx.requestId !== undefined) keys.push(`request:${ctx.requestId}`);
      queue.push({ command, ctx, keys, attempt: 0, resolve, reject });
      schedule();
    });

  return async (command, ctx) => {
    const checked = checkCommand(command);
    if (!checked.ok) return { ok: false, failure: { kind: "domain", error: checked.error } };
    return perOrder.run(command.orderId, () => enqueue(checked.command, ctx));
  };
}
