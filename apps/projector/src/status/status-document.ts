import type { Topology } from "@orderlens/bus";
import type { ProjectionStatusDocument } from "@orderlens/meili-indexes";
import type { Selectable } from "kysely";
import type { ProjectorProgressTable } from "../mysql-schema/read-tables.js";

export type ProgressRow = Selectable<ProjectorProgressTable>;

export interface QueueDepths {
  partitions: number[];
  parked: number;
}

/** Applied events at a moment, to compute a rate from one report to the next. */
export interface RateSample {
  at: number;
  applied: number;
}

export interface StatusInput {
  topology: Topology;
  /** Progress rows from MySQL, shared by all instances. */
  rows: readonly ProgressRow[];
  /** Rows not yet pushed to Meilisearch. */
  pending: number;
  depths: QueueDepths;
  previous: RateSample | undefined;
  now: number;
}

/** The one status document, from progress (MySQL) and queue depths (RabbitMQ). */
export function buildStatusDocument(input: StatusInput): {
  document: ProjectionStatusDocument;
  sample: RateSample;
} {
  const { rows, depths, previous, now } = input;
  const applied = rows.reduce((sum, r) => sum + Number(r.applied_events), 0);
  const rate =
    previous && now > previous.at ? ((applied - previous.applied) * 1000) / (now - previous.at) : 0;
  const last = rows.reduce<ProgressRow | undefined>(
    (a, r) => (!a || Number(r.last_position) > Number(a.last_position) ? r : a),
    undefined,
  );
  const document: ProjectionStatusDocument = {
    id: "projector",
    partitions: partitionStatus(input),
    lastAppliedPosition: last ? Number(last.last_position) : 0,
    lastAppliedAt: last ? last.last_applied_at.getTime() : null,
    eventsPerSecond: Math.round(rate * 10) / 10,
    appliedTotal: applied,
    retriesTotal: rows.reduce((sum, r) => sum + Number(r.retried_events), 0),
    parkedCount: depths.parked,
    pendingDocuments: input.pending,
    reportedAt: now,
  };
  return { document, sample: { at: now, applied } };
}

function partitionStatus({ topology, rows, depths, now }: StatusInput) {
  const byPartition = new Map(rows.map((r) => [Number(r.partition_no), r]));
  return topology.partitionQueues.map((_, p) => {
    const r = byPartition.get(p);
    const lagMessages = depths.partitions[p] ?? 0;
    return {
      partition: p,
      lagMessages,
      // Age of the newest applied event's commit when it was applied; 0 once the queue is empty.
      lagSeconds:
        r && lagMessages > 0 ? Math.max(0, (now - r.last_recorded_at.getTime()) / 1000) : 0,
      lastPosition: r ? Number(r.last_position) : 0,
      lastAppliedAt: r && r.last_applied_at.getTime() > 0 ? r.last_applied_at.getTime() : null,
    };
  });
}
