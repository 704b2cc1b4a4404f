// The read model's change signal for watchers. query-svc reads Meilisearch only, so the signal is
// the projector's status document: its position and its count of rows not yet pushed. A watcher
// is woken when either moves, which includes the moment the last pending row lands (pending
// back to 0), so no final state is missed. One poller serves every watcher of the instance and
// runs only while someone watches: idle instances and idle watchers poll nothing.
import { Code, ConnectError } from "@connectrpc/connect";

/** What the feed reads on each poll; undefined while the projector has not reported yet. */
export interface FeedReading {
  position: number;
  pendingDocuments: number;
}

export interface ChangeFeedOptions {
  read(): Promise<FeedReading | undefined>;
  intervalMs: number;
  /** A failed poll is reported here and retried on the next tick. */
  onError(error: unknown): void;
}

export interface FeedSubscription {
  /** The last position the feed saw (0 before the projector reported). */
  readonly position: number;
  /** Settles once the feed has read the status at least once (so `position` is known). */
  readonly ready: Promise<void>;
  /**
   * Resolves once the read model changed since this subscription last returned from next()
   * (or was created). Rejects with the signal's reason, or UNAVAILABLE when the feed closes.
   */
  next(signal: AbortSignal): Promise<void>;
  close(): void;
}

export interface ChangeFeed {
  subscribe(): FeedSubscription;
  /** Subscriptions open now. */
  readonly subscribers: number;
  /** Ends every subscription with UNAVAILABLE (shutdown: clients reconnect elsewhere). */
  close(): void;
}

interface Subscriber {
  seen: number;
  wake: (() => void) | undefined;
}

export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const subscribers = new Set<Subscriber>();
  let version = 0;
  let last: FeedReading | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Resolved by the first poll that completes, read or failed: watchers never wait on a feed that
  // cannot be read, they start with position 0.
  let firstPoll!: () => void;
  const polledOnce = new Promise<void>((resolve) => {
    firstPoll = resolve;
  });

  const publish = () => {
    version++;
    for (const s of subscribers) s.wake?.();
  };
  const poll = async () => {
    try {
      const reading = await options.read();
      if (reading && changed(last, reading)) {
        last = reading;
        publish();
      }
    } catch (error) {
      options.onError(error);
    }
    firstPoll();
    timer = subscribers.size > 0 && !closed ? setTimeout(poll, options.intervalMs) : undefined;
  };
  const ensurePolling = () => {
    if (timer === undefined && !closed) timer = setTimeout(poll, 0);
  };

  return {
    get subscribers() {
      return subscribers.size;
    },
    subscribe() {
      if (closed) throw shuttingDown();
      const s: Subscriber = { seen: version, wake: undefined };
      subscribers.add(s);
      ensurePolling();
      return {
        get position() {
          return last?.position ?? 0;
        },
        ready: polledOnce,
        next: (signal) =>
          waitForChange(
            s,
            () => version,
            () => closed,
            signal,
          ),
        close: () => {
          subscribers.delete(s);
          s.wake?.();
        },
      };
    },
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      for (const s of subscribers) s.wake?.();
      subscribers.clear();
    },
  };
}

function changed(before: FeedReading | undefined, now: FeedReading): boolean {
  return (
    before === undefined ||
    before.position !== now.position ||
    before.pendingDocuments !== now.pendingDocuments
  );
}

function shuttingDown(): ConnectError {
  return new ConnectError("query-svc is shutting down: reconnect", Code.Unavailable);
}

function waitForChange(
  s: Subscriber,
  version: () => number,
  closed: () => boolean,
  signal: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (closed()) return finish(() => reject(shuttingDown()));
      if (signal.aborted) return finish(() => reject(signal.reason));
      if (version() === s.seen) return;
      s.seen = version();
      finish(resolve);
    };
    const finish = (settle: () => void) => {
      s.wake = undefined;
      signal.removeEventListener("abort", check);
      settle();
    };
    s.wake = check;
    signal.addEventListener("abort", check, { once: true });
    check();
  });
}
