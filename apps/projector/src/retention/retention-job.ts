import { type RetentionWindow, retentionWindow } from "@orderlens/domain";
import type { IndexNames } from "@orderlens/meili-indexes";
import type { Logger } from "@orderlens/server";
import type { Meilisearch } from "meilisearch";
import type { Registry } from "prom-client";
import type { ReadDb } from "../mysql-schema/read-database.js";
import {
  type AggregateTable,
  aggregateTables,
  deleteExpired,
  documentIdOf,
  findExpired,
} from "./expired-aggregates.js";
import { createRetentionMetrics, type RetentionMetrics } from "./retention-metrics.js";
import {
  findFinishedBefore,
  type OrderCursor,
  outsideWindow,
  retireOrders,
} from "./retired-orders.js";

export interface RetentionOptions {
  db: ReadDb;
  meili: Meilisearch;
  indexes: IndexNames;
  timeZone: string;
  logger: Logger;
  registry?: Registry;
  /** Months of orders kept in the orders index, by the month they were created; 0 = forever. */
  orderMonths: number;
  /** Months of sales aggregates kept; 0 = forever. */
  reportMonths: number;
  /** Between runs (default an hour). */
  intervalMs?: number;
  /** Rows per step: each step is one Meilisearch deletion and one MySQL transaction. */
  batchSize?: number;
  taskTimeoutMs?: number;
  now?: () => number;
}

/** The windows at one instant: what Verify, Rebuild, the consumer and a run all go by. */
export interface RetentionWindows {
  orders?: RetentionWindow;
  reports?: RetentionWindow;
}

export interface RetentionSummary {
  windows: RetentionWindows;
  ordersRetired: number;
  reportRowsRetired: number;
  examined: number;
  seconds: number;
}

export interface Retention {
  windows(): RetentionWindows;
  /**
   * One step of the run that is due or under way; returns the rows it handled (0: nothing to
   * do). Steps are small, so the sync loop's pushes go on between them.
   */
  tick(): Promise<number>;
  /** A whole run now, to the end. */
  runNow(): Promise<RetentionSummary>;
}

interface Run {
  windows: RetentionWindows;
  stage: number;
  cursor?: OrderCursor;
  started: number;
  summary: Omit<RetentionSummary, "seconds" | "windows">;
}

const yyyymm = (w: RetentionWindow) => Number(w.firstMonth.replace("-", ""));

/** The windows the settings give at `nowMs`. */
export function windowsAt(
  options: Pick<RetentionOptions, "orderMonths" | "reportMonths" | "timeZone">,
  nowMs: number,
): RetentionWindows {
  const orders = retentionWindow(nowMs, options.orderMonths, options.timeZone);
  const reports = retentionWindow(nowMs, options.reportMonths, options.timeZone);
  return { ...(orders ? { orders } : {}), ...(reports ? { reports } : {}) };
}

async function deleteDocuments(
  meili: Meilisearch,
  index: string,
  ids: string[],
  timeoutMs: number,
): Promise<void> {
  if (ids.length === 0) return;
  const task = await meili.index(index).deleteDocuments(ids).waitTask({ timeout: timeoutMs });
  if (task.status !== "succeeded") {
    throw new Error(`deleting from ${index} ${task.status}: ${task.error?.message ?? "no error"}`);
  }
}

interface StepContext {
  options: RetentionOptions;
  metrics: RetentionMetrics;
  batchSize: number;
  timeoutMs: number;
}

/** One batch of finished orders before the window: documents out, then tombstones for rows. */
async function retireOrderStep(ctx: StepContext, run: Run, window: RetentionWindow) {
  const { db, meili, indexes, timeZone } = ctx.options;
  const { rows } = await findFinishedBefore(db, window, run.cursor, ctx.batchSize);
  const last = rows.at(-1);
  if (last) run.cursor = { createdAtMs: last.created_at_ms, orderId: last.order_id };
  const retiring = outsideWindow(rows, window, timeZone);
  await deleteDocuments(
    meili,
    indexes.orders,
    retiring.map((o) => o.orderId),
    ctx.timeoutMs,
  );
  await retireOrders(db, retiring, new Date(ctx.options.now?.() ?? Date.now()));
  run.summary.examined += rows.length;
  run.summary.ordersRetired += retiring.length;
  ctx.metrics.examined.inc(rows.length);
  ctx.metrics.ordersRetired.inc(retiring.length);
  return { handled: rows.length, done: rows.length < ctx.batchSize };
}

/** One batch of aggregate rows before the window: documents out, then the rows. */
async function expireAggregateStep(
  ctx: StepContext,
  run: Run,
  t: AggregateTable,
  window: RetentionWindow,
) {
  const rows = await findExpired(ctx.options.db, t, window, ctx.batchSize);
  await deleteDocuments(
    ctx.options.meili,
    t.index,
    rows.map((r) => documentIdOf(t, r)),
    ctx.timeoutMs,
  );
  await deleteExpired(ctx.options.db, t, rows);
  run.summary.examined += rows.length;
  run.summary.reportRowsRetired += rows.length;
  ctx.metrics.examined.inc(rows.length);
  ctx.metrics.reportRowsRetired.inc({ table: t.table }, rows.length);
  return { handled: rows.length, done: rows.length < ctx.batchSize };
}

/** The stages of a run: the orders, then each aggregate table; a stage without a window is skipped. */
function stageStep(ctx: StepContext, tables: AggregateTable[], run: Run) {
  if (run.stage === 0) {
    return run.windows.orders ? retireOrderStep(ctx, run, run.windows.orders) : undefined;
  }
  const table = tables[run.stage - 1];
  return table && run.windows.reports
    ? expireAggregateStep(ctx, run, table, run.windows.reports)
    : undefined;
}

/**
 * Keeps the hot window bounded: finished orders created before the orders window leave the
 * orders index and the read schema (a tombstone stays), and sales aggregates before the report
 * window leave theirs. An order still pending stays however old: it can still change, and
 * people act on it. The event store keeps everything; the history export reads it.
 */
export function createRetention(options: RetentionOptions): Retention {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 3_600_000;
  const log = options.logger.child({ component: "retention" });
  const metrics = createRetentionMetrics(options.registry);
  const tables = aggregateTables(options.indexes);
  const ctx: StepContext = {
    options,
    metrics,
    batchSize: options.batchSize ?? 1_000,
    timeoutMs: options.taskTimeoutMs ?? 60_000,
  };
  const stages = 1 + tables.length;
  let run: Run | undefined;
  let nextAt = now();

  const begin = (): Run => {
    const windows = windowsAt(options, now());
    for (const kind of ["orders", "reports"] as const) {
      const w = windows[kind];
      if (w) metrics.windowStart.set({ kind }, yyyymm(w));
    }
    metrics.running.set(1);
    log.info("retention run started", {
      ordersFrom: windows.orders?.firstMonth ?? "forever",
      reportsFrom: windows.reports?.firstMonth ?? "forever",
    });
    const summary = { ordersRetired: 0, reportRowsRetired: 0, examined: 0 };
    return { windows, stage: 0, started: performance.now(), summary };
  };

  const finish = (r: Run): RetentionSummary => {
    const seconds = (performance.now() - r.started) / 1000;
    metrics.running.set(0);
    metrics.lastRunSeconds.set(seconds);
    metrics.lastSuccess.set(now() / 1000);
    log.info("retention run finished", { ...r.summary, seconds });
    nextAt = now() + intervalMs;
    return { windows: r.windows, ...r.summary, seconds };
  };

  /** One step of `r`; the summary once its last stage is done. */
  async function step(r: Run): Promise<{ handled: number; finished?: RetentionSummary }> {
    const result = await stageStep(ctx, tables, r);
    if (!result || result.done) r.stage++;
    if (r.stage < stages) return { handled: result?.handled ?? 0 };
    run = undefined;
    return { handled: result?.handled ?? 0, finished: finish(r) };
  }

  async function runToEnd(r: Run): Promise<RetentionSummary> {
    for (;;) {
      const { finished } = await step(r);
      if (finished) return finished;
    }
  }

  const idle = () => options.orderMonths === 0 && options.reportMonths === 0;
  return {
    windows: () => windowsAt(options, now()),
    async tick() {
      if (idle() || (!run && now() < nextAt)) return 0;
      run ??= begin();
      try {
        return (await step(run)).handled;
      } catch (error) {
        metrics.failures.inc();
        log.warn("retention step failed; retried at the next tick", {
          error: (error as Error).message,
        });
        return 0;
      }
    },
    async runNow() {
      // A run the ticks began may be past a stage already: finish it, then run one whole.
      if (run) await runToEnd(run);
      run = begin();
      return runToEnd(run);
    },
  };
}
