import { setTimeout as sleep } from "node:timers/promises";

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the timeout error so a failing test says what never happened. */
  description?: string;
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or throws after the timeout
 * with the last error or value, so a failure explains itself.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 25, description = "condition" }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`, {
        cause: lastError,
      });
    }
    await sleep(intervalMs);
  }
}

/** Retries an assertion block until it stops throwing. */
export async function eventually(
  assertion: () => void | Promise<void>,
  options: WaitOptions = {},
): Promise<void> {
  await waitFor(
    async () => {
      await assertion();
      return true;
    },
    { description: "assertion to hold", ...options },
  );
}
