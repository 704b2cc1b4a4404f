import { Counter, Gauge, type Registry } from "prom-client";

/** The sync loop's metrics: documents pushed per index, failed passes, and leadership. */
export function createSyncMetrics(registry: Registry | undefined) {
  const registers = registry ? [registry] : [];
  return {
    pushed: new Counter({
      name: "projector_documents_pushed_total",
      help: "Documents pushed to Meilisearch",
      registers,
      labelNames: ["index"],
    }),
    failures: new Counter({
      name: "projector_sync_failures_total",
      help: "Failed pushes to Meilisearch",
      registers,
    }),
    leader: new Gauge({
      name: "projector_sync_leader",
      help: "1 while this instance pushes to Meilisearch",
      registers,
    }),
  };
}

export type SyncMetrics = ReturnType<typeof createSyncMetrics>;
