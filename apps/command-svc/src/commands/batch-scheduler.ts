// Takes batches off the command queue and runs them, a few transactions at once.
import type { CommandQueue, PendingCommand } from "./command-queue.js";

export interface BatchScheduler {
  /** There may be work: run what the queue allows once the current I/O callbacks are done. */
  schedule(): void;
}

export interface BatchSchedulerOptions {
  maxBatchSize: number;
  /** Batch transactions at once: others collect while one is on the wire or committing. */
  maxInFlight: number;
  /** Runs one batch; never rejects (it settles or requeues each command itself). */
  run(batch: readonly PendingCommand[]): Promise<void>;
}

export function createBatchScheduler(
  queue: CommandQueue,
  { maxBatchSize, maxInFlight, run }: BatchSchedulerOptions,
): BatchScheduler {
  let inFlight = 0;
  let scheduled = false;

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

  return { schedule };
}
