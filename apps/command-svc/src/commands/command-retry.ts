// What becomes of a command whose batch failed as a whole (nothing of it was written).
import { isDuplicateKey, StreamVersionConflict } from "@orderlens/event-store";
import { CommitOutcomeUnknown } from "./command-batch-run.js";
import type { PendingCommand } from "./command-queue.js";
import type { CommandResult } from "./command-types.js";

export type AfterFailure =
  /** Run it again, alone, after `delayMs`. */
  | { readonly action: "retry"; readonly delayMs: number }
  /** Reply with this error (a failure retrying cannot cure). */
  | { readonly action: "reject"; readonly error: unknown }
  /** Reply with this result (it kept losing races: contention). */
  | { readonly action: "resolve"; readonly result: CommandResult };

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
 * `maxAttempts` counts the lone transactions after the first failure. The delay of a retry grows
 * with its attempts and is random, so racing instances drift apart.
 */
export function afterBatchFailure(
  item: PendingCommand,
  error: unknown,
  maxAttempts: number,
): AfterFailure {
  if (error instanceof CommitOutcomeUnknown) return { action: "reject", error: error.cause };
  // The first failure may be another command's of the same batch: always worth one lone try.
  if (item.attempt === 0) return { action: "retry", delayMs: 0 };
  if (!isRetryable(error)) return { action: "reject", error };
  // A pinned version that lost its race is answered by the next read, not counted as contention.
  const pinnedConflict =
    error instanceof StreamVersionConflict && item.ctx.expectedVersion !== undefined;
  if (!pinnedConflict && item.attempt >= maxAttempts) {
    const failure = { kind: "contention", attempts: item.attempt } as const;
    return { action: "resolve", result: { ok: false, failure } };
  }
  return { action: "retry", delayMs: Math.random() * 5 * item.attempt };
}
