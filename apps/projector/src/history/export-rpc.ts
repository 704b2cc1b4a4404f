import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ExportHistoryRequest, ExportHistoryResponseSchema } from "@orderlens/contracts";
import { invalidArgument } from "@orderlens/server";
import type { ExportReport } from "./export-history.js";
import { exportMonths } from "./month-range.js";

const fieldOf = { from: "from_month", to: "to_month" } as const;

/**
 * The contract checked each month's form; a range that ends first or spans too long is
 * INVALID_ARGUMENT naming the field, before any work (or a wait for another export).
 */
export function checkExportRange(req: ExportHistoryRequest): void {
  const range = exportMonths(req.fromMonth, req.toMonth);
  if (range.ok) return;
  throw invalidArgument(
    range.violations.map((v) => ({ field: fieldOf[v.end], description: v.description })),
    "invalid ExportHistory request",
  );
}

export function exportHistoryResponse(
  r: ExportReport,
): MessageInitShape<typeof ExportHistoryResponseSchema> {
  return {
    months: r.months.map((m) => ({
      month: m.month,
      path: m.path,
      rows: BigInt(m.rows),
      bytes: BigInt(m.bytes),
    })),
    totalRows: BigInt(r.totalRows),
    totalBytes: BigInt(r.totalBytes),
    files: r.files,
    eventsReplayed: BigInt(r.eventsReplayed),
  };
}
