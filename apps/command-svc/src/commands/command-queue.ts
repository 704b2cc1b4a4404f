import type { ValidCommand } from "@orderlens/domain";
import type { CommandContext, CommandResult } from "./command-types.js";

/** One command in the pipeline, from its arrival until its reply. */
export interface PendingCommand {
  readonly command: ValidCommand;
  readonly ctx: CommandContext;
  /** What two commands of one batch must not share: the order, and the request id if any. */
  readonly keys: readonly string[];
  /** Transactions this command has run alone after a failure; 0 until its first one fails. */
  attempt: number;
  resolve(result: CommandResult): void;
  reject(error: unknown): void;
}

export interface CommandQueue {
  readonly length: number;
  push(item: PendingCommand): void;
  /**
   * The next batch: commands in arrival order whose keys no other unsettled command holds. A
   * command being retried forms a batch of its own, so a failure stays with its cause.
   */
  take(maxBatchSize: number): PendingCommand[];
  /** The command has its reply: its keys are free for the commands waiting on them. */
  release(item: PendingCommand): void;
}

/**
 * A command holds its keys from the batch that first takes it until it settles, retries included.
 * Twins (one order, or one request id) would miss each other's writes in one transaction, so the
 * later one waits for a later batch, which sees the first one's reply.
 */
export function createCommandQueue(): CommandQueue {
  let queue: PendingCommand[] = [];
  const holders = new Map<string, PendingCommand>();
  const free = (item: PendingCommand) => item.keys.every((k) => (holders.get(k) ?? item) === item);

  return {
    get length() {
      return queue.length;
    },
    push(item) {
      queue.push(item);
    },
    take(maxBatchSize) {
      const batch: PendingCommand[] = [];
      const rest: PendingCommand[] = [];
      let closed = false;
      for (const item of queue) {
        const fits =
          !closed &&
          batch.length < maxBatchSize &&
          (item.attempt === 0 || batch.length === 0) &&
          free(item);
        if (!fits) {
          rest.push(item);
          continue;
        }
        for (const k of item.keys) holders.set(k, item);
        batch.push(item);
        if (item.attempt > 0) closed = true;
      }
      queue = rest;
      return batch;
    },
    release(item) {
      for (const k of item.keys) if (holders.get(k) === item) holders.delete(k);
    },
  };
}
