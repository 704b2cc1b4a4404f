import type { Db } from "@orderlens/event-store";
import { allIndexes, ensureIndexes, type IndexNames } from "@orderlens/meili-indexes";
import type { Logger } from "@orderlens/server";
import type { Meilisearch } from "meilisearch";
import { keptDocument } from "../retention/kept-documents.js";
import type { RetentionWindows } from "../retention/retention-job.js";
import { FINISHED_STATUSES } from "../sync/task-pruner.js";
import { type Documents, expectedDocuments } from "../verify/expected-documents.js";
import { countEvents, idleProgress, type ProgressListener } from "./rebuild-progress.js";

export interface RebuildReport {
  generation: string;
  eventsReplayed: number;
  documentsWritten: number;
}

export interface RebuildOptions {
  eventStore: Db;
  meili: Meilisearch;
  indexes: IndexNames;
  timeZone: string;
  logger: Logger;
  taskTimeoutMs?: number;
  /** Documents per Meilisearch call. */
  chunkSize?: number;
  /** Called once the replay is read, before the new generation is written and swapped in. */
  afterReplay?: () => Promise<void>;
  /** Told each change of phase and count (GetRebuildStatus). */
  onProgress?: ProgressListener;
  /** Retention's windows: the new generation holds only what they keep. */
  windows?: RetentionWindows;
}

const generationId = /^g[0-9a-z]+$/;

/** The uids of one generation: the live names with the generation appended. */
export function generationNames(indexes: IndexNames, generation: string): IndexNames {
  const next = (uid: string) => `${uid}__${generation}`;
  return {
    orders: next(indexes.orders),
    salesByProductMonth: next(indexes.salesByProductMonth),
    salesByRegionMonth: next(indexes.salesByRegionMonth),
    salesDaily: next(indexes.salesDaily),
    // Progress is not derived from events: it stays where it is.
    projectionStatus: indexes.projectionStatus,
  };
}

type WaitFor = (what: string, task: { waitTask(o: object): Promise<TaskResult> }) => Promise<void>;

function taskWaiter(timeout: number): WaitFor {
  return async (what, task) => {
    const done = await task.waitTask({ timeout, interval: 20 });
    if (done.status !== "succeeded")
      throw new Error(`${what} ${done.status}: ${done.error?.message ?? "no error given"}`);
  };
}

/** A rebuild that died half-way leaves its generation behind: clear those first. */
async function deleteAbandonedGenerations(
  meili: Meilisearch,
  live: string[],
  waitFor: WaitFor,
  log: Logger,
): Promise<void> {
  const { results } = await meili.getIndexes({ limit: 1_000 });
  for (const { uid } of results) {
    const abandoned = live.some(
      (l) => uid.startsWith(`${l}__`) && generationId.test(uid.slice(l.length + 2)),
    );
    if (abandoned) {
      log.warn("deleting an abandoned generation", { index: uid });
      await waitFor(`deleting ${uid}`, meili.deleteIndex(uid));
    }
  }
}

/** Writes the replayed documents into the new generation's indexes, in chunks. */
async function writeGeneration(
  options: RebuildOptions,
  documents: Documents,
  ctx: { generation: string; waitFor: WaitFor; log: Logger; chunkSize: number },
): Promise<number> {
  let written = 0;
  const total = [...documents.values()].reduce((n, docs) => n + docs.size, 0);
  for (const [uid, docs] of documents) {
    const all = [...docs.values()];
    for (let i = 0; i < all.length; i += ctx.chunkSize) {
      const chunk = all.slice(i, i + ctx.chunkSize);
      await ctx.waitFor(
        `writing ${uid}`,
        options.meili.index(uid).addDocuments(chunk, { primaryKey: "id" }),
      );
      written += chunk.length;
      options.onProgress?.({ documentsWritten: written });
      ctx.log.info("rebuild progress", { generation: ctx.generation, index: uid, written, total });
    }
  }
  return written;
}

/** After the swap the old documents sit under the generation's uids. */
async function deleteOldGeneration(
  meili: Meilisearch,
  uids: string[],
  waitFor: WaitFor,
  log: Logger,
) {
  for (const uid of uids) {
    await waitFor(`deleting ${uid}`, meili.deleteIndex(uid)).catch((error: unknown) =>
      // Left for the next rebuild to clear; the rebuild itself has succeeded.
      log.warn("could not delete the old generation", {
        index: uid,
        error: (error as Error).message,
      }),
    );
  }
  // The task pruner only knows the live uids: the generation's task records go now.
  await meili.tasks
    .deleteTasks({ indexUids: uids, statuses: FINISHED_STATUSES })
    .catch((error: unknown) =>
      log.warn("could not delete the old generation's tasks", { error: (error as Error).message }),
    );
}

/**
 * Replays the event store into a new generation of the event-derived indexes while the live ones
 * keep serving, swaps all of them in one Meilisearch task (readers never see a mix), then deletes
 * the old generation. The caller must hold the sync lock and keep pushes out for the duration:
 * rows that change meanwhile stay dirty, and the sync loop pushes them into the new generation
 * after the swap, so nothing that happens during a rebuild is lost.
 */
export async function rebuildIndexes(options: RebuildOptions): Promise<RebuildReport> {
  const { meili, indexes, logger } = options;
  const waitFor = taskWaiter(options.taskTimeoutMs ?? 120_000);
  const chunkSize = options.chunkSize ?? 10_000;
  const log = logger.child({ component: "rebuild" });
  const generation = `g${Date.now().toString(36)}`;
  const live = allIndexes(indexes);
  const next = generationNames(indexes, generation);
  const nextUids = allIndexes(next);
  const report = options.onProgress ?? (() => {});
  report({ ...idleProgress, phase: "replaying", generation, startedAt: new Date() });
  try {
    report({ eventsTotal: await countEvents(options.eventStore) });
    await deleteAbandonedGenerations(meili, live, waitFor, log);
    log.info("rebuild started", { generation, indexes: nextUids });
    await ensureIndexes(meili, next);
    const { documents, events } = await expectedDocuments(
      options.eventStore,
      next,
      options.timeZone,
      (eventsReplayed) => report({ eventsReplayed }),
      keptDocument(next, options.windows ?? {}),
    );
    log.info("event store replayed", { generation, events });
    await options.afterReplay?.();
    const written = await writeGeneration(options, documents, {
      generation,
      waitFor,
      log,
      chunkSize,
    });
    report({ phase: "swapping" });
    await waitFor(
      "swapping the new generation in",
      meili.swapIndexes(
        live.map((uid, i) => ({ indexes: [uid, nextUids[i] ?? uid], rename: false })),
      ),
    );
    log.info("new generation live", { generation });
    await deleteOldGeneration(meili, nextUids, waitFor, log);
    log.info("rebuild finished", { generation, events, documents: written });
    report({ phase: "done", finishedAt: new Date() });
    return { generation, eventsReplayed: events, documentsWritten: written };
  } catch (error) {
    const message = (error as Error).message;
    log.error("rebuild failed; the live indexes are untouched", { generation, error: message });
    report({ phase: "failed", finishedAt: new Date(), error: message });
    // Before the swap these hold the half-built generation; never the live data.
    for (const uid of nextUids) await meili.deleteIndex(uid).catch(() => undefined);
    throw error;
  }
}

type TaskResult = { status: string; error?: { message?: string } | null };
