// What one sync pass changed in Meilisearch, gathered from the documents it pushed: the keys a
// watcher is interested in (order ids, months), so query-svc wakes only the watchers concerned.
import type { IndexNames } from "@orderlens/meili-indexes";

export interface ReadModelChange {
  /** Every event up to here is reflected (read before the pass's rows). */
  position: number;
  orderIds: string[];
  months: string[];
  /** Everything may have changed (a Rebuild swapped the indexes in). */
  everything: boolean;
}

export interface ChangeCollector {
  /** Notes the keys of documents Meilisearch has applied to `index`. */
  record(index: string, documents: readonly Record<string, unknown>[]): void;
  /** The change so far (undefined if nothing changed), and a fresh start. */
  take(position: number): ReadModelChange | undefined;
}

export function createChangeCollector(indexes: IndexNames): ChangeCollector {
  let orderIds = new Set<string>();
  let months = new Set<string>();
  return {
    record(index, documents) {
      for (const doc of documents) {
        if (index === indexes.orders && typeof doc.orderId === "string") orderIds.add(doc.orderId);
        // An order's month too: a report may count orders by their month.
        if (typeof doc.month === "string") months.add(doc.month);
      }
    },
    take(position) {
      if (orderIds.size === 0 && months.size === 0) return undefined;
      const change = { position, orderIds: [...orderIds], months: [...months], everything: false };
      orderIds = new Set();
      months = new Set();
      return change;
    },
  };
}
