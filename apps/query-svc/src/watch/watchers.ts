// Bookkeeping every watch shares: the per-instance limit, the metrics and the pacing of updates.
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import { Counter, Gauge, type Registry } from "prom-client";
import type { ChangeFeed, FeedSubscription, Interest } from "./change-feed.js";

export interface WatchersOptions {
  feed: ChangeFeed;
  /** Watches open at once on this instance; one more is refused with RESOURCE_EXHAUSTED. */
  maxWatchers: number;
  /** Updates a watch sends per second at most: changes in between are folded into one. */
  maxUpdatesPerSecond: number;
}

export interface Watch {
  readonly subscription: FeedSubscription;
  /** Waits until the read model changed and the watch may send again. */
  nextChange(signal: AbortSignal): Promise<void>;
  /** Counts a message sent to the client. */
  sent(): void;
}

export interface Watchers {
  /**
   * Runs `body` as one watch of `kind`, counted against the limit and freed when it ends. It is
   * woken by the changes `interest` accepts (every change without one).
   */
  run<T>(
    kind: string,
    body: (watch: Watch) => AsyncGenerator<T>,
    interest?: Interest,
  ): AsyncGenerator<T>;
  /** The feed's change count (see ChangeFeed.generation). */
  readonly generation: number;
  /** The gauges and counters, for the server's /metrics. */
  register(registry: Registry): void;
}

export function createWatchers(options: WatchersOptions): Watchers {
  const open = new Gauge({
    name: "query_watchers_open",
    help: "Watch streams open",
    labelNames: ["rpc"],
    registers: [],
  });
  const updates = new Counter({
    name: "query_watch_updates_total",
    help: "Messages sent on watch streams",
    labelNames: ["rpc"],
    registers: [],
  });
  const minGapMs = 1000 / options.maxUpdatesPerSecond;
  return {
    get generation() {
      return options.feed.generation;
    },
    register(registry) {
      registry.registerMetric(open);
      registry.registerMetric(updates);
    },
    async *run(kind, body, interest) {
      if (options.feed.subscribers >= options.maxWatchers) {
        throw new ConnectError(
          `query-svc has ${options.maxWatchers} watches open (WATCH_MAX_WATCHERS): try another instance or later`,
          Code.ResourceExhausted,
        );
      }
      const subscription = options.feed.subscribe(interest);
      open.inc({ rpc: kind });
      let lastSent = 0;
      const watch: Watch = {
        subscription,
        async nextChange(signal) {
          await subscription.next(signal);
          const wait = lastSent + minGapMs - performance.now();
          if (wait > 0) await sleep(wait, undefined, { signal });
        },
        sent() {
          lastSent = performance.now();
          updates.inc({ rpc: kind });
        },
      };
      try {
        await subscription.ready;
        yield* body(watch);
      } finally {
        subscription.close();
        open.dec({ rpc: kind });
      }
    },
  };
}
