import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface ProjectorMetrics {
  applied: Counter<"partition">;
  duplicates: Counter<"partition">;
  gaps: Counter<"partition">;
  retries: Counter<"partition">;
  parked: Counter<"partition">;
  lastPosition: Gauge<"partition">;
  lagSeconds: Gauge<"partition">;
  lastAppliedAt: Gauge<"partition">;
  batchSeconds: Histogram<"partition">;
}

export function createProjectorMetrics(registry?: Registry): ProjectorMetrics {
  const registers = registry ? [registry] : [];
  const labelNames = ["partition"] as const;
  return {
    applied: new Counter({
      name: "projector_events_applied_total",
      help: "Events applied to the projection",
      labelNames,
      registers,
    }),
    duplicates: new Counter({
      name: "projector_events_duplicate_total",
      help: "Redelivered events skipped",
      labelNames,
      registers,
    }),
    gaps: new Counter({
      name: "projector_events_gap_total",
      help: "Events that arrived before their predecessor",
      labelNames,
      registers,
    }),
    retries: new Counter({
      name: "projector_retries_total",
      help: "Messages sent to a retry tier",
      labelNames,
      registers,
    }),
    parked: new Counter({
      name: "projector_parked_total",
      help: "Messages sent to the parking lot",
      labelNames,
      registers,
    }),
    lastPosition: new Gauge({
      name: "projector_last_applied_position",
      help: "Event store position of the last applied event",
      labelNames,
      registers,
    }),
    lastAppliedAt: new Gauge({
      name: "projector_last_applied_timestamp_seconds",
      help: "When this instance last applied an event (Unix time)",
      labelNames,
      registers,
    }),
    lagSeconds: new Gauge({
      name: "projector_lag_seconds",
      help: "Commit-to-apply age of the last applied event",
      labelNames,
      registers,
    }),
    batchSeconds: new Histogram({
      name: "projector_batch_seconds",
      help: "Time to apply and settle one batch",
      labelNames,
      registers,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
  };
}
