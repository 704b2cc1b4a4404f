import { Counter, Gauge, type Registry } from "prom-client";

/** Retention's progress: what it retired, where its windows start, and whether a run is on. */
export function createRetentionMetrics(registry: Registry | undefined) {
  const registers = registry ? [registry] : [];
  return {
    ordersRetired: new Counter({
      name: "projector_retention_orders_retired_total",
      help: "Finished orders taken out of the orders index and the read schema by retention",
      registers,
    }),
    reportRowsRetired: new Counter({
      name: "projector_retention_report_rows_retired_total",
      help: "Sales aggregate rows taken out of the report indexes and the read schema by retention",
      registers,
      labelNames: ["table"],
    }),
    examined: new Counter({
      name: "projector_retention_rows_examined_total",
      help: "Rows a retention run looked at (its progress through the candidates)",
      registers,
    }),
    running: new Gauge({
      name: "projector_retention_running",
      help: "1 while a retention run is under way",
      registers,
    }),
    windowStart: new Gauge({
      name: "projector_retention_window_start_month",
      help: "First month kept, as YYYYMM (absent: kept forever)",
      registers,
      labelNames: ["kind"],
    }),
    lastRunSeconds: new Gauge({
      name: "projector_retention_last_run_seconds",
      help: "How long the last complete retention run took",
      registers,
    }),
    lastSuccess: new Gauge({
      name: "projector_retention_last_success_timestamp_seconds",
      help: "When the last retention run completed",
      registers,
    }),
    failures: new Counter({
      name: "projector_retention_failures_total",
      help: "Retention steps that failed (retried at the next tick)",
      registers,
    }),
  };
}

export type RetentionMetrics = ReturnType<typeof createRetentionMetrics>;
