import { Code, ConnectError } from "@connectrpc/connect";
import type { Db } from "@orderlens/event-store";
import type { Logger } from "@orderlens/server";
import { type ExportProgress, type ExportReport, exportHistory } from "./export-history.js";

export type HistoryExport = (from: string, to: string) => Promise<ExportReport>;

/** Progress as log lines: each month written, the replay at each tenth of the events. */
function progressLogger(log: Logger): (p: ExportProgress) => void {
  let tenths = 0;
  return (p) => {
    if (p.kind === "month") {
      log.info("history month written", { ...p.exported });
      return;
    }
    const reached = p.eventsTotal > 0 ? Math.floor((p.eventsReplayed * 10) / p.eventsTotal) : 10;
    if (reached <= tenths) return;
    tenths = reached;
    log.info("history export progress", {
      eventsReplayed: p.eventsReplayed,
      eventsTotal: p.eventsTotal,
      rowsStaged: p.rowsStaged,
    });
  };
}

/**
 * ExportHistory as the projector serves it: one at a time per instance (each replays the whole
 * store and holds a snapshot open), logged, into the configured directory.
 */
export function createHistoryExport(o: {
  eventStore: Db;
  dir: string;
  timeZone: string;
  logger: Logger;
}): HistoryExport {
  const log = o.logger.child({ component: "history export" });
  let running = false;
  return async (from, to) => {
    if (running) throw new ConnectError("a history export is already running", Code.Aborted);
    running = true;
    try {
      log.info("history export started", { from, to, dir: o.dir });
      const report = await exportHistory({
        eventStore: o.eventStore,
        dir: o.dir,
        from,
        to,
        timeZone: o.timeZone,
        onProgress: progressLogger(log),
      });
      const { totalRows, totalBytes, files, eventsReplayed, seconds } = report;
      log.info("history export finished", {
        totalRows,
        totalBytes,
        files,
        eventsReplayed,
        seconds,
      });
      return report;
    } finally {
      running = false;
    }
  };
}
