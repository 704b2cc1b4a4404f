import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Db } from "@orderlens/event-store";
import { replayCompletedLines } from "./completed-lines-replay.js";
import { type LineStaging, openLineStaging } from "./line-staging.js";
import { removeMonthFile, replaceMonthFile } from "./month-files.js";
import { ExportRangeError, exportMonths } from "./month-range.js";

export interface ExportedMonth {
  month: string;
  /** The file written; "" when the month has no completed lines (and so no file). */
  path: string;
  rows: number;
  bytes: number;
}

export interface ExportReport {
  months: ExportedMonth[];
  totalRows: number;
  totalBytes: number;
  /** Months with a file (at least one row). */
  files: number;
  eventsReplayed: number;
  /** Wall time of the whole export. */
  seconds: number;
}

export type ExportProgress =
  | { kind: "replayed"; eventsReplayed: number; eventsTotal: number; rowsStaged: number }
  | { kind: "month"; exported: ExportedMonth };

export interface ExportOptions {
  eventStore: Db;
  /** HISTORY_DIR: files go to <dir>/order_lines/month=YYYY-MM/order_lines.parquet. */
  dir: string;
  from: string;
  to: string;
  timeZone: string;
  onProgress?: (progress: ExportProgress) => void;
}

async function writeMonth(
  staging: LineStaging,
  dir: string,
  month: string,
): Promise<ExportedMonth> {
  const staged = staging.rowsByMonth.get(month) ?? 0;
  if (staged === 0) {
    await removeMonthFile(dir, month);
    return { month, path: "", rows: 0, bytes: 0 };
  }
  let rows = 0;
  const { path, bytes } = await replaceMonthFile(dir, month, async (temporary) => {
    rows = await staging.writeMonth(month, temporary);
  });
  if (rows !== staged) throw new Error(`month ${month}: staged ${staged} lines, wrote ${rows}`);
  return { month, path, rows, bytes };
}

function summary(months: ExportedMonth[], eventsReplayed: number, started: number): ExportReport {
  return {
    months,
    totalRows: months.reduce((n, m) => n + m.rows, 0),
    totalBytes: months.reduce((n, m) => n + m.bytes, 0),
    files: months.filter((m) => m.rows > 0).length,
    eventsReplayed,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Writes the completed order lines of the months `from`..`to` to Parquet, one file per month,
 * from a replay of the event store. Idempotent: exporting a month again replaces its file (a
 * month left with no lines loses its file), so files always hold what the store says.
 */
export async function exportHistory(o: ExportOptions): Promise<ExportReport> {
  const range = exportMonths(o.from, o.to);
  if (!range.ok) throw new ExportRangeError(range.violations);
  const started = performance.now();
  const dir = resolve(o.dir);
  await mkdir(dir, { recursive: true });
  const staging = await openLineStaging(dir);
  try {
    const { events } = await replayCompletedLines({
      eventStore: o.eventStore,
      timeZone: o.timeZone,
      months: new Set(range.months),
      onLines: (lines) => staging.add(lines),
      onReplayed: (eventsReplayed, eventsTotal) =>
        o.onProgress?.({
          kind: "replayed",
          eventsReplayed,
          eventsTotal,
          rowsStaged: staging.rowsStaged,
        }),
    });
    const months: ExportedMonth[] = [];
    for (const month of range.months) {
      const exported = await writeMonth(staging, dir, month);
      months.push(exported);
      o.onProgress?.({ kind: "month", exported });
    }
    return summary(months, events, started);
  } finally {
    await staging.close();
  }
}
