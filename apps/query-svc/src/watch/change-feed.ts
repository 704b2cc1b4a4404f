// The read model's change signal for watchers. query-svc reads Meilisearch only; it learns of
// changes two ways:
// - notices: the projector announces each pass Meilisearch has applied (order ids, months) on a
//   fanout exchange, and a watcher is woken only when a key it reads is listed;
// - polling, the fallback while notices cannot arrive: the projector's status document (its
//   position and its count of rows not yet pushed) is read, and every watcher is woken when
//   either moves, including the moment the last pending row lands, so no final state is missed.
// Whenever notices (re)start, notices sent meanwhile may be lost, so every watcher re-reads. One
// poller serves every watcher of the instance, and it runs only while someone watches and notices
// are down: idle instances and idle watchers cost nothing.
import { Code, ConnectError } from "@connectrpc/connect";

/** What the poller reads; undefined while the projector has not reported yet. */
export interface FeedReading {
  position: number;
  pendingDocuments: number;
}

/** A change notice: what the projector's last pass changed in Meilisearch. */
export interface FeedChange {
  /** Every event up to here is reflected. */
  position: number;
  orderIds: readonly string[];
  months: readonly string[];
  /** Anything may have changed: every watcher re-reads. */
  everything: boolean;
}

/** Whether a watcher reads anything `change` lists. */
export type Interest = (change: FeedChange) => boolean;

export interface ChangeFeedOptions {
  read(): Promise<FeedReading | undefined>;
  intervalMs: number;
  /** A failed poll is reported here and retried on the next tick. */
  onError(error: unknown): void;
}

export interface FeedSubscription {
  /** The newest position the feed knows of (0 before the projector reported). */
  readonly position: number;
  /** Settles once the feed has read the status at least once (so `position` is known). */
  readonly ready: Promise<void>;
  /**
   * Resolves once something this subscription is interested in changed since next() last
   * returned (or since it was created). Rejects with the signal's reason, or UNAVAILABLE when
   * the feed closes.
   */
  next(signal: AbortSignal): Promise<void>;
  close(): void;
}

/** Where the projector's change notices go: the change feed, and the report cache. */
export interface NoticeSink {
  /** A notice arrived. */
  notify(change: FeedChange): void;
  /** Notices flow (true) or stopped (false): notices may have been missed at either switch. */
  setLive(live: boolean): void;
}

/** setLive: polling runs only while notices do not flow, and each switch wakes every watcher. */
export interface ChangeFeed extends NoticeSink {
  /** Without `interest`, every change wakes it. */
  subscribe(interest?: Interest): FeedSubscription;
  readonly live: boolean;
  /** Counts the changes published so far: a read started at generation g sees change g. */
  readonly generation: number;
  /** Subscriptions open now. */
  readonly subscribers: number;
  /** Ends every subscription with UNAVAILABLE (shutdown: clients reconnect elsewhere). */
  close(): void;
}

interface Subscriber {
  interest: Interest | undefined;
  changed: boolean;
  wake: (() => void) | undefined;
}

const everything = (position: number): FeedChange => ({
  position,
  orderIds: [],
  months: [],
  everything: true,
});

export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const subscribers = new Set<Subscriber>();
  let last: FeedReading | undefined;
  let position = 0;
  let generation = 0;
  let live = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  // Resolved by the first poll that completes, read or failed: watchers never wait on a feed that
  // cannot be read, they start with position 0.
  let polled = false;
  let firstPoll!: () => void;
  const polledOnce = new Promise<void>((resolve) => {
    firstPoll = resolve;
  });

  const publish = (change: FeedChange) => {
    position = Math.max(position, change.position);
    generation++;
    for (const s of subscribers) {
      if (change.everything || !s.interest || s.interest(change)) {
        s.changed = true;
        s.wake?.();
      }
    }
  };
  const shouldPoll = () => subscribers.size > 0 && !closed && (!live || !polled);
  const poll = async () => {
    try {
      const reading = await options.read();
      if (reading && changed(last, reading)) {
        last = reading;
        publish(everything(reading.position));
      }
    } catch (error) {
      options.onError(error);
    }
    polled = true;
    firstPoll();
    timer = shouldPoll() ? setTimeout(poll, options.intervalMs) : undefined;
  };
  const ensurePolling = () => {
    if (timer === undefined && shouldPoll()) timer = setTimeout(poll, 0);
  };

  return {
    get subscribers() {
      return subscribers.size;
    },
    get live() {
      return live;
    },
    get generation() {
      return generation;
    },
    subscribe(interest) {
      if (closed) throw shuttingDown();
      const s: Subscriber = { interest, changed: false, wake: undefined };
      subscribers.add(s);
      ensurePolling();
      return {
        get position() {
          return position;
        },
        ready: polledOnce,
        next: (signal) => waitForChange(s, () => closed, signal),
        close: () => {
          subscribers.delete(s);
          s.wake?.();
        },
      };
    },
    notify(change) {
      if (!closed) publish(change);
    },
    setLive(next) {
      if (next === live || closed) return;
      live = next;
      publish(everything(position));
      ensurePolling();
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

function waitForChange(s: Subscriber, closed: () => boolean, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (closed()) return finish(() => reject(shuttingDown()));
      if (signal.aborted) return finish(() => reject(signal.reason));
      if (!s.changed) return;
      s.changed = false;
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
