import { evolve, initialState, type OrderState, reportKeys } from "@orderlens/domain";
import { type Db, readEventsAfter } from "@orderlens/event-store";
import type { StoredEvent } from "@orderlens/order-events";
import { countEvents } from "../rebuild/rebuild-progress.js";
import { type OrderLine, orderLines } from "./order-lines.js";

export interface CompletedLinesReplay {
  eventStore: Db;
  timeZone: string;
  /** The months (YYYY-MM, report zone) whose lines are wanted. */
  months: ReadonlySet<string>;
  /** The lines of one order completed in one of `months`. */
  onLines: (lines: readonly OrderLine[]) => void;
  /** After each chunk read; `eventsTotal` is what the snapshot holds. */
  onReplayed?: (eventsReplayed: number, eventsTotal: number) => void;
  chunkSize?: number;
}

interface FoldContext {
  /** Orders still pending: the only state a later event can need. */
  open: Map<string, OrderState>;
  timeZone: string;
  months: ReadonlySet<string>;
  onLines: (lines: readonly OrderLine[]) => void;
}

function foldEvent(ctx: FoldContext, stored: StoredEvent): void {
  const state = evolve(ctx.open.get(stored.orderId) ?? initialState(), stored.event);
  if (state.status === "pending") {
    ctx.open.set(stored.orderId, state);
    return;
  }
  // Nothing may follow a completion or a cancellation, so the state is dropped here: memory
  // grows with the orders still pending, not with the history.
  ctx.open.delete(stored.orderId);
  if (state.status !== "completed") return;
  const keys = reportKeys(state.completedAt, ctx.timeZone);
  if (ctx.months.has(keys.month)) ctx.onLines(orderLines(state, stored.version, keys));
}

/**
 * Replays the whole event store (the complete record; the read schema is windowed by retention)
 * and hands over the lines of each order completed in the wanted months. It reads one
 * consistent snapshot: on a live store a later chunk could otherwise hold a command's events
 * whose earlier version committed after that position was passed.
 */
export async function replayCompletedLines(o: CompletedLinesReplay): Promise<{ events: number }> {
  const chunkSize = o.chunkSize ?? 5_000;
  const ctx: FoldContext = {
    open: new Map(),
    timeZone: o.timeZone,
    months: o.months,
    onLines: o.onLines,
  };
  return o.eventStore
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (snapshot) => {
      const total = await countEvents(snapshot);
      let after = 0;
      let events = 0;
      for (;;) {
        const chunk = await readEventsAfter(snapshot, after, chunkSize);
        if (chunk.length === 0) return { events };
        for (const stored of chunk) foldEvent(ctx, stored);
        after = chunk[chunk.length - 1]?.position ?? after;
        events += chunk.length;
        o.onReplayed?.(events, total);
      }
    });
}
