import { checkCommand, type ValidCommand } from "@orderlens/domain";
import type { Db } from "@orderlens/event-store";
import type { Pool } from "mysql2/promise";
import { createBatchScheduler } from "./batch-scheduler.js";
import {
  type BatchRunDeps,
  type BeginBatch,
  defaultBeginBatch,
  runCommandBatch,
} from "./command-batch-run.js";
import { createCommandQueue, type PendingCommand } from "./command-queue.js";
import { afterBatchFailure } from "./command-retry.js";
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

  const settle = (item: PendingCommand, outcome: () => void) => {
    queue.release(item);
    outcome();
  };

  const retry = (item: PendingCommand, delayMs: number) => {
    item.attempt += 1;
    setTimeout(() => {
      queue.push(item);
      scheduler.schedule();
    }, delayMs);
  };

  const onBatchFailure = (item: PendingCommand, error: unknown) => {
    const next = afterBatchFailure(item, error, maxAttempts);
    if (next.action === "retry") retry(item, next.delayMs);
    else if (next.action === "reject") settle(item, () => item.reject(next.error));
    else settle(item, () => item.resolve(next.result));
  };

  const scheduler = createBatchScheduler(queue, {
    maxBatchSize,
    maxInFlight,
    async run(batch) {
      try {
        const results = await runCommandBatch(deps, batch);
        for (const [i, item] of batch.entries()) {
          settle(item, () => item.resolve(results[i] as CommandResult));
        }
      } catch (error) {
        for (const item of batch) onBatchFailure(item, error);
      }
    },
  });

  const enqueue = (command: ValidCommand, ctx: CommandContext) =>
    new Promise<CommandResult>((resolve, reject) => {
      const keys = [`order:${command.orderId}`];
      if (ctx.requestId !== undefined) keys.push(`request:${ctx.requestId}`);
      queue.push({ command, ctx, keys, attempt: 0, resolve, reject });
      scheduler.schedule();
    });

  return async (command, ctx) => {
    const checked = checkCommand(command);
    if (!checked.ok) return { ok: false, failure: { kind: "domain", error: checked.error } };
    return perOrder.run(command.orderId, () => enqueue(checked.command, ctx));
  };
}
