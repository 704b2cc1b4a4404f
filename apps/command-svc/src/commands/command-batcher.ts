import type { OrderCommand } from "@orderlens/domain";
import { type BatchWrite, beginCommandBatch, type Db } from "@orderlens/event-store";
import type { Pool } from "mysql2/promise";
import type { CommandContext, CommandHandler } from "./command-handler.js";
import type { CommandResult } from "./command-outcome.js";
import { type CommandPlan, planCommand } from "./command-plan.js";

export interface CommandBatcherOptions {
  db: Db;
  pool: Pool;
  /**
   * Runs one command alone in its own transaction, with its retries. Commands of a batch whose
   * transaction fails as a whole (a concurrent instance's duplicate key, a deadlock) go through it.
   */
  runAlone: CommandHandler;
  /**
   * Commands per transaction. Smaller than the usual concurrency on purpose: several batches in
   * flight overlap the database's work with the RPC layer's instead of moving in one wave.
   */
  maxBatchSize?: number;
  /** Batch transactions at once: others collect while one is on the wire or committing. */
  maxInFlight?: number;
  /** Called after each batch commit that appended events (wakes the outbox relay). */
  onCommitted?: () => void;
  /** Tests interpose here to make a batch fail as a whole. */
  beginBatch?: typeof beginCommandBatch;
}

/**
 * The connection died while the write batch was out: its COMMIT may have run. Running the commands
 * again could apply them twice, so the error goes to the callers, as on the one-command path. A
 * statement's error (a duplicate key, a deadlock) stops the batch before COMMIT: safe to redo.
 */
class CommitOutcomeUnknown extends Error {
  override readonly name = "CommitOutcomeUnknown";
  constructor(override readonly cause: unknown) {
    super("connection lost while committing a command batch");
  }
}

function isStatementError(error: unknown): boolean {
  const e = error as { errno?: unknown; fatal?: unknown };
  return typeof e.errno === "number" && e.fatal !== true;
}

interface Pending {
  readonly command: OrderCommand;
  readonly ctx: CommandContext;
  readonly keys: readonly string[];
  resolve(result: CommandResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit: the commands that arrive while batch transactions are busy run together in the
 * next one, two round trips and one commit for all of them. A batch never holds two commands for
 * one order or one request id (nor do two batches in flight): twins would miss each other's
 * writes, so they wait for the next batch, which sees the first one's reply.
 */
export function createCommandBatcher({
  db,
  pool,
  runAlone,
  maxBatchSize = 32,
  maxInFlight = 3,
  onCommitted,
  beginBatch = beginCommandBatch,
}: CommandBatcherOptions): CommandHandler {
  let queue: Pending[] = [];
  const busyKeys = new Set<string>();
  let inFlight = 0;
  let scheduled = false;

  const take = (): Pending[] => {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const item of queue) {
      if (batch.length < maxBatchSize && !item.keys.some((k) => busyKeys.has(k))) {
        for (const k of item.keys) busyKeys.add(k);
        batch.push(item);
      } else {
        rest.push(item);
      }
    }
    queue = rest;
    return batch;
  };

  const runBatch = async (batch: readonly Pending[]): Promise<CommandResult[]> => {
    const tx = await beginBatch(
      db,
      pool,
      batch.map(({ command, ctx }) => ({
        requestId: ctx.requestId,
        orderId: command.orderId,
        readStream: !ctx.newStream,
      })),
    );
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
    if (writes.length > 0) onCommitted?.();
    let next = 0;
    return plans.map((plan) => {
      if (plan.kind === "reply") return plan.result;
      const { version, position } = appended[next++] ?? { version: 0, position: 0 };
      const outcome = { orderId: plan.write.append.orderId, version, position, replayed: false };
      return { ok: true, outcome };
    });
  };

  const settle = async (batch: readonly Pending[]) => {
    try {
      const results = await runBatch(batch);
      for (const [i, item] of batch.entries()) item.resolve(results[i] as CommandResult);
    } catch (error) {
      if (error instanceof CommitOutcomeUnknown) {
        for (const item of batch) item.reject(error.cause);
        return;
      }
      // Nothing of the batch was written: each command runs again alone, with its own retries
      // and its own failure, so correctness never depends on the batch path.
      await Promise.all(
        batch.map((item) => runAlone(item.command, item.ctx).then(item.resolve, item.reject)),
      );
    }
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return;
      inFlight++;
      void settle(batch).finally(() => {
        inFlight--;
        for (const item of batch) for (const k of item.keys) busyKeys.delete(k);
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

  return (command, ctx) =>
    new Promise<CommandResult>((resolve, reject) => {
      const keys = [`order:${command.orderId}`];
      if (ctx.requestId !== undefined) keys.push(`request:${ctx.requestId}`);
      queue.push({ command, ctx, keys, resolve, reject });
      schedule();
    });
}
