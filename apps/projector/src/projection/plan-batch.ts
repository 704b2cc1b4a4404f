import {
  evolve,
  inWindow,
  OrderHistoryError,
  type OrderState,
  type RetentionWindow,
} from "@orderlens/domain";
import type { StoredEvent } from "@orderlens/order-events";
import { mergeDeltas, type SalesDelta, salesDeltas } from "./sales-deltas.js";

export interface ProjectedOrder {
  readonly version: number;
  readonly state: OrderState;
  readonly lastPosition: number;
  /** Retention took it out of the window: only its tombstone's version is left. */
  readonly retired?: true;
}

/** `invalid`: decodable, but impossible in the order's history (the consumer parks it). */
export type Outcome = "applied" | "duplicate" | "gap" | { readonly invalid: string };

export interface BatchPlan {
  /** One outcome per input event, same order. */
  readonly outcomes: readonly Outcome[];
  /** New projection of every order that changed. */
  readonly orders: ReadonlyMap<string, ProjectedOrder>;
  readonly deltas: readonly SalesDelta[];
}

/**
 * Decides what a batch of delivered events does, given what is projected now. Pure: the same
 * inputs always give the same plan, so a redelivered batch is harmless. An event at or below the
 * projected version is a duplicate; one more than a version ahead is a gap (its predecessor has
 * not arrived yet) and must not be applied. A retired order takes no new event: finished orders
 * refuse commands, so one can only come from outside the domain, and it is parked, not guessed
 * at. Sales of months before the report window are left out, as retention left those rows out.
 */
export function planBatch(
  current: ReadonlyMap<string, ProjectedOrder>,
  events: readonly StoredEvent[],
  timeZone: string,
  reportWindow?: RetentionWindow,
): BatchPlan {
  const orders = new Map<string, ProjectedOrder>();
  const deltas: SalesDelta[] = [];
  const outcomes = events.map((e): Outcome => {
    const now = orders.get(e.orderId) ?? current.get(e.orderId);
    const version = now?.version ?? 0;
    if (e.version <= version) return "duplicate";
    if (now?.retired) {
      return {
        invalid: `order ${e.orderId} was retired by retention at version ${version}; version ${e.version} cannot be applied to it`,
      };
    }
    if (e.version > version + 1) return "gap";
    let state: OrderState;
    try {
      state = evolve(now?.state ?? { status: "none" }, e.event);
    } catch (error) {
      if (error instanceof OrderHistoryError) return { invalid: error.message };
      throw error;
    }
    orders.set(e.orderId, { version: e.version, state, lastPosition: e.position });
    deltas.push(
      ...salesDeltas(e.event, state, timeZone).filter((d) => inWindow(reportWindow, d.month)),
    );
    return "applied";
  });
  return { outcomes, orders, deltas: mergeDeltas(deltas) };
}
