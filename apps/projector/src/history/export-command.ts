import { parseArgs } from "node:util";
import { createDatabase } from "@orderlens/event-store";
import type { ProjectorConfig } from "../config.js";
import { type ExportProgress, type ExportReport, exportHistory } from "./export-history.js";
import { exportMonths } from "./month-range.js";

export const exportUsage = `usage: orderlens-projector export --from YYYY-MM --to YYYY-MM [--dir DIR]

  Writes the completed order lines of each month from --from to --to (at most 240 months) to
  DIR/order_lines/month=YYYY-MM/order_lines.parquet, replacing that month's file; a month with
  no completed lines has no file. DIR defaults to HISTORY_DIR.`;

/** Wrong arguments: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface ExportArgs {
  from: string;
  to: string;
  dir: string | undefined;
}

function parsedOptions(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: { from: { type: "string" }, to: { type: "string" }, dir: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The arguments after `export`, checked as the RPC checks its request. */
export function parseExportArgs(args: readonly string[]): ExportArgs {
  const { from, to, dir } = parsedOptions(args);
  if (from === undefined || to === undefined) {
    throw new UsageError(`missing ${from === undefined ? "--from" : "--to"}`);
  }
  if (dir !== undefined && dir.trim() === "") throw new UsageError("--dir must not be empty");
  const range = exportMonths(from, to);
  if (!range.ok) {
    const given = { from, to };
    throw new UsageError(
      range.violations
        .map((v) => `--${v.end} ${JSON.stringify(given[v.end])}: ${v.description}`)
        .join("; "),
    );
  }
  return { from, to, dir };
}

const count = (n: number) => n.toLocaleString("en-US");
const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** Progress lines: each month as it is written, the replay at most once a second. */
function progressPrinter(print: (line: string) => void): (p: ExportProgress) => void {
  let shownAt = Number.NEGATIVE_INFINITY;
  return (p) => {
    if (p.kind === "month") {
      const { month, rows, bytes, path } = p.exported;
      print(
        rows === 0
          ? `month=${month}: 0 rows, no file`
          : `month=${month}: ${count(rows)} rows, ${megabytes(bytes)} -> ${path}`,
      );
      return;
    }
    const now = performance.now();
    if (now - shownAt < 1_000 && p.eventsReplayed < p.eventsTotal) return;
    shownAt = now;
    print(
      `replayed ${count(p.eventsReplayed)}/${count(p.eventsTotal)} events, ${count(p.rowsStaged)} lines in range`,
    );
  };
}

export function exportSummary(r: ExportReport): string {
  const rate = r.seconds > 0 ? Math.round(r.totalRows / r.seconds) : 0;
  return `exported: ${count(r.totalRows)} rows, ${r.files} files, ${count(r.totalBytes)} bytes (${megabytes(r.totalBytes)}), ${count(rate)} rows/s (${r.seconds.toFixed(1)} s, ${count(r.eventsReplayed)} events replayed)`;
}

/** `orderlens-projector export`: reads only the event store; writes only the files. */
export async function runExportCommand(
  args: ExportArgs,
  config: ProjectorConfig,
  print: (line: string) => void,
): Promise<ExportReport> {
  const eventStore = createDatabase({ url: config.mysqlUrl, connectionLimit: 1 }).db;
  try {
    const report = await exportHistory({
      eventStore,
      dir: args.dir ?? config.historyDir,
      from: args.from,
      to: args.to,
      timeZone: config.timeZone,
      onProgress: progressPrinter(print),
    });
    print(exportSummary(report));
    return report;
  } finally {
    await eventStore.destroy();
  }
}
