export interface WaitOptions {
  /** Give up after this long (default: wait as long as the connection lives). */
  timeoutMs?: number;
  /** Give up when this aborts (a stopping worker). */
  signal?: AbortSignal;
}

export interface ReadinessWaiters {
  /**
   * Resolves with `get()` as soon as it returns a value: now, or at a later `notify()`. Rejects
   * with `timeoutError()` after timeoutMs, with the signal's reason when it aborts, or with the
   * error given to `failAll`.
   */
  wait<T>(get: () => T | undefined, options: WaitOptions, timeoutError: () => Error): Promise<T>;
  /** Something may have become ready: every waiter looks again. */
  notify(): void;
  /** Rejects every waiter (the connection is closed). */
  failAll(error: Error): void;
}

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/** Callers waiting for a connection or channel to be usable, each with its own timer, all cleared. */
export function createReadinessWaiters(): ReadinessWaiters {
  const waiters = new Set<Waiter>();
  return {
    wait<T>(get: () => T | undefined, options: WaitOptions, timeoutError: () => Error) {
      const now = get();
      if (now !== undefined) return Promise.resolve(now);
      if (options.signal?.aborted) return Promise.reject(abortReason(options.signal));
      return new Promise<T>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const settle = () => {
          waiters.delete(waiter);
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener("abort", onAbort);
        };
        const waiter: Waiter = {
          check() {
            const value = get();
            if (value === undefined) return;
            settle();
            resolve(value);
          },
          fail(error) {
            settle();
            reject(error);
          },
        };
        const onAbort = () => waiter.fail(abortReason(options.signal));
        if (options.timeoutMs !== undefined) {
          timer = setTimeout(() => waiter.fail(timeoutError()), options.timeoutMs);
        }
        options.signal?.addEventListener("abort", onAbort, { once: true });
        waiters.add(waiter);
      });
    },
    notify() {
      for (const waiter of [...waiters]) waiter.check();
    },
    failAll(error) {
      for (const waiter of [...waiters]) waiter.fail(error);
    },
  };
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error("aborted");
}
