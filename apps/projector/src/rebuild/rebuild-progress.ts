import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type GetRebuildStatusResponse, RebuildPhase } from "@orderlens/contracts";
import type { Db } from "@orderlens/event-store";
import { sql } from "kysely";

/** Where the running or last Rebuild of this projector instance is (GetRebuildStatus). */
export interface RebuildProgress {
  phase: "idle" | "replaying" | "swapping" | "done" | "failed";
  generation: string;
  eventsReplayed: number;
  /** Events in the store when the rebuild started; the replay may read a few more. */
  eventsTotal: number;
  documentsWritten: number;
  startedAt: Date | undefined;
  finishedAt: Date | undefined;
  error: string;
}

export const idleProgress: RebuildProgress = {
  phase: "idle",
  generation: "",
  eventsReplayed: 0,
  eventsTotal: 0,
  documentsWritten: 0,
  startedAt: undefined,
  finishedAt: undefined,
  error: "",
};

export type ProgressListener = (update: Partial<RebuildProgress>) => void;

/** Holds the latest progress; `update` is what rebuildIndexes reports to. */
export function createRebuildProgress(): { current(): RebuildProgress; update: ProgressListener } {
  let progress = idleProgress;
  return {
    current: () => progress,
    update: (change) => {
      progress = { ...progress, ...change };
    },
  };
}

/** The replay's goal. */
export async function countEvents(eventStore: Db): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM events`.execute(
    eventStore,
  );
  return Number(rows[0]?.n ?? 0);
}

const phases: Record<RebuildProgress["phase"], RebuildPhase> = {
  idle: RebuildPhase.IDLE,
  replaying: RebuildPhase.REPLAYING,
  swapping: RebuildPhase.SWAPPING,
  done: RebuildPhase.DONE,
  failed: RebuildPhase.FAILED,
};

export function rebuildStatusMessage(
  p: RebuildProgress,
): Omit<GetRebuildStatusResponse, "$typeName"> {
  return {
    phase: phases[p.phase],
    generation: p.generation,
    eventsReplayed: BigInt(p.eventsReplayed),
    eventsTotal: BigInt(p.eventsTotal),
    documentsWritten: BigInt(p.documentsWritten),
    startedAt: p.startedAt ? timestampFromDate(p.startedAt) : undefined,
    finishedAt: p.finishedAt ? timestampFromDate(p.finishedAt) : undefined,
    error: p.error,
  };
}
