import { inWindow } from "@orderlens/domain";
import type { IndexNames } from "@orderlens/meili-indexes";
import type { RetentionWindows } from "./retention-job.js";

/** Whether a document belongs in its index under the retention windows. */
export type KeptDocument = (index: string, doc: Record<string, unknown>) => boolean;

const finished = (status: unknown) => status === "completed" || status === "cancelled";

/**
 * The rule retention applies, as a predicate over documents, so Verify and Rebuild agree with it:
 * an order is kept unless it is finished and created before the orders window; an aggregate
 * unless its month is before the report window.
 */
export function keptDocument(indexes: IndexNames, windows: RetentionWindows): KeptDocument {
  const reportIndexes = new Set([
    indexes.salesByProductMonth,
    indexes.salesByRegionMonth,
    indexes.salesDaily,
  ]);
  return (index, doc) => {
    const month = String(doc.month ?? "");
    if (index === indexes.orders) return !finished(doc.status) || inWindow(windows.orders, month);
    if (reportIndexes.has(index)) return inWindow(windows.reports, month);
    return true;
  };
}
