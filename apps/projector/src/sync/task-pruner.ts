import { allIndexes, type IndexNames } from "@orderlens/meili-indexes";
import type { Logger } from "@orderlens/server";
import type { Meilisearch, TaskStatus } from "meilisearch";
import { Counter, type Registry } from "prom-client";

/** Only these may be deleted: Meilisearch keeps enqueued and processing tasks whatever we ask. */
export const FINISHED_STATUSES: TaskStatus[] = ["succeeded", "failed", "canceled"];

export interface TaskPrunerOptions {
  meili: Meilisearch;
  indexes: IndexNames;
  /** Finished tasks enqueued longer ago than this are deleted; 0 keeps them all. */
  retentionMs: number;
  logger: Logger;
  registry?: Registry;
  /** Between prunes (default an hour: every pass would make a deletion task of its own). */
  intervalMs?: number;
  now?: () => number;
}

export interface TaskPruner {
  /** Prunes if one is due; never throws (a failed prune is retried at the next interval). */
  tick(): Promise<void>;
  /** Prunes now; returns how many tasks the deletion matched. */
  prune(): Promise<number>;
}

function prunerMetrics(registry: Registry | undefined) {
  const registers = registry ? [registry] : [];
  return {
    pruned: new Counter({
      name: "projector_meili_tasks_pruned_total",
      help: "Finished Meilisearch tasks of the projector's indexes matched for deletion",
      registers,
    }),
    failures: new Counter({
      name: "projector_meili_task_prune_failures_total",
      help: "Task prunes that failed (retried at the next interval)",
      registers,
    }),
  };
}

/**
 * Meilisearch keeps every task until told otherwise, and the sync loop makes one per push, so
 * the task store would grow without bound. The pruner deletes the finished tasks of the
 * projector's own indexes, and its own earlier deletion tasks, once they are older than the
 * retention. Deletion tasks have no index: a key scoped to some indexes cannot see them, which is
 * why the pruner remembers their uids instead of waiting for them.
 */
export function createTaskPruner(options: TaskPrunerOptions): TaskPruner {
  const { meili, retentionMs } = options;
  const intervalMs = options.intervalMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const log = options.logger.child({ component: "meili-task-pruner" });
  const metrics = prunerMetrics(options.registry);
  const indexUids = allIndexes(options.indexes);
  let earlierDeletions: number[] = [];
  let nextAt = now();

  async function prune(): Promise<number> {
    const filter = {
      indexUids,
      statuses: FINISHED_STATUSES,
      beforeEnqueuedAt: new Date(now() - retentionMs).toISOString(),
    };
    const { total } = await meili.tasks.getTasks({ ...filter, limit: 1 });
    const matched = total ?? 0;
    const ownDeletions = earlierDeletions;
    earlierDeletions = [];
    if (ownDeletions.length > 0) {
      earlierDeletions.push(
        (await meili.tasks.deleteTasks({ uids: ownDeletions, statuses: FINISHED_STATUSES }))
          .taskUid,
      );
    }
    if (matched > 0) earlierDeletions.push((await meili.tasks.deleteTasks(filter)).taskUid);
    metrics.pruned.inc(matched);
    log.info("pruned finished Meilisearch tasks", {
      matched,
      before: filter.beforeEnqueuedAt,
      deletionTasks: earlierDeletions,
    });
    return matched;
  }

  return {
    prune,
    async tick() {
      if (retentionMs === 0 || now() < nextAt) return;
      nextAt = now() + intervalMs;
      await prune().catch((error: unknown) => {
        metrics.failures.inc();
        log.warn("could not prune Meilisearch tasks", { error: (error as Error).message });
      });
    },
  };
}
