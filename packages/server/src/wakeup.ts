// Wakes a loop that sleeps until something changes. A wake() with nobody waiting is not kept:
// callers check their own state before they wait, and the producer changes it before it wakes.
export interface Wakeup {
  /** Resolves at the next wake(). */
  wait(): Promise<void>;
  wake(): void;
}

export function createWakeup(): Wakeup {
  let waiting: (() => void) | undefined;
  return {
    wait: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
      }),
    wake() {
      const w = waiting;
      waiting = undefined;
      w?.();
    },
  };
}
