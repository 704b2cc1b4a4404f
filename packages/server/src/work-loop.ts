import { setTimeout as sleep } from "node:timers/promises";

export type StepResult = "more" | "idle";

export interface WorkLoopOptions {
  /** One unit of work. "more": run again at once; "idle": wait for wake() or the idle time. */
  step: () => Promise<StepResult>;
  /** How long to wait when idle (read each time, so it can depend on state such as leadership). */
  idleMs: () => number;
  /** After an idle wait, pause this long so one step picks up a burst rather than its first item. */
  lingerMs?: number;
  /** A failed step; the loop then backs off exponentially before the next one. */
  onError: (error: unknown, backoffMs: number) => Promise<void> | void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface WorkLoop {
  start(): void;
  /** Stops after the current step; resolves when the loop has ended. */
  stop(): Promise<void>;
  /** Run a step now instead of waiting out the idle time (a wake during a step is remembered). */
  wake(): void;
  readonly running: boolean;
}

/**
 * The shape every background worker here has (outbox relay, Meilisearch sync): do work while
 * there is some, sleep until woken or polled when there is none, back off when it fails, and
 * stop cleanly.
 */
export function createWorkLoop(options: WorkLoopOptions): WorkLoop {
  const minBackoff = options.minBackoffMs ?? 100;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  let running = false;
  let done: Promise<void> = Promise.resolve();
  let woken = false;
  let wakeUp: (() => void) | undefined;

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || !running) {
        woken = false;
        resolve();
        return;
      }
      const finish = () => {
        clearTimeout(timer);
        wakeUp = undefined;
        woken = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      wakeUp = finish;
    });

  const loop = async () => {
    let backoff = minBackoff;
    while (running) {
      try {
        const result = await options.step();
        backoff = minBackoff;
        if (result === "idle") {
          await idle(options.idleMs());
          if (options.lingerMs && running) await sleep(options.lingerMs);
        }
      } catch (error) {
        await options.onError(error, backoff);
        if (running) await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      done = loop();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await done;
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    get running() {
      return running;
    },
  };
}
