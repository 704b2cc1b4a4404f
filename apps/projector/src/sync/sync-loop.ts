import type { LeaderLock } from "@orderlens/event-store";
import type { IndexNames } from "@orderlens/meili-indexes";
import { ensureIndexes } from "@orderlens/meili-indexes";
import { createWorkLoop, type Logger } from "@orderlens/server";
import type { Meilisearch } from "meilisearch";
import type { Registry } from "prom-client";
import type { ReadDb } from "../mysql-schema/read-database.js";
import type { Retention } from "../retention/retention-job.js";
import { dirtyTables, type PushDocuments } from "./dirty-tables.js";
import { createChangeCollector, type ReadModelChange } from "./read-model-change.js";
import { reportSchedule } from "./report-schedule.js";
import { createSyncMetrics, type SyncMetrics } from "./sync-metrics.js";
import type { TaskPruner } from "./task-pruner.js";

export interface SyncLoopOptions {
  db: ReadDb;
  meili: Meilisearch;
  indexes: IndexNames;
  timeZone: string;
  logger: Logger;
  /** One pusher across all projector instances (a MySQL named lock). */
  lock: LeaderLock;
  registry?: Registry;
  batchSize?: number;
  intervalMs?: number;
  /**
   * The report indexes are pushed at most this often (default 500 ms; 0: every pass); the orders
   * index, which read-your-writes waits on, every pass. A real Meilisearch runs one task at a
   * time whatever the index, at a fixed cost of tens of milliseconds each, so pushing the
   * aggregates on every pass would put three tasks ahead of each orders push.
   */
  reportIntervalMs?: number;
  maxBackoffMs?: number;
  /** How long to wait for Meilisearch to finish a documents task. */
  taskTimeoutMs?: number;
  /** After a pass whose documents Meilisearch applied (the change notices to query-svc). */
  onChanged?: (change: ReadModelChange) => void;
  /** Deletes old finished tasks; the leader runs it, since it is the one creating them. */
  taskPruner?: TaskPruner;
  /** Retention's steps run on the leader, between pushes, never during one. */
  retention?: Pick<Retention, "tick">;
}

export interface SyncLoop {
  start(): void;
  stop(): Promise<void>;
  /** Push now (called after the consumer commits a batch). */
  wake(): void;
  /** One pass over every table; returns documents pushed. For tests and verify. */
  syncOnce(): Promise<number>;
  /**
   * Runs `job` on the instance that pushes, with pushes held off until it ends (a rebuild).
   * Rejects with NotSyncLeaderError elsewhere: another instance's pushes cannot be held off.
   */
  whilePaused<T>(job: () => Promise<T>): Promise<T>;
  readonly isLeader: boolean;
}

export class NotSyncLeaderError extends Error {
  override name = "NotSyncLeaderError";
  constructor() {
    super("another projector instance pushes to Meilisearch (projector_sync_leader = 1 there)");
  }
}

/** Adds documents and waits for Meilisearch's task: the push has landed only when it succeeded. */
function meiliPush(meili: Meilisearch, metrics: SyncMetrics, taskTimeoutMs: number): PushDocuments {
  return async (index, documents) => {
    const task = await meili
      .index(index)
      .addDocuments(documents, { primaryKey: "id" })
      .waitTask({ timeout: taskTimeoutMs, interval: 10 });
    if (task.status !== "succeeded") {
      throw new Error(
        `Meilisearch task ${task.uid} on ${index} ${task.status}: ${task.error?.message ?? "no error given"}`,
      );
    }
    metrics.pushed.inc({ index }, documents.length);
  };
}

/** Runs jobs one at a time, in arrival order, whatever became of the one before. */
function serializer() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** The newest event position applied to the read schema, over every partition. */
async function appliedPosition(db: ReadDb): Promise<number> {
  const row = await db
    .selectFrom("projector_progress")
    .select((eb) => eb.fn.max("last_position").as("position"))
    .executeTakeFirst();
  return Number(row?.position ?? 0);
}

/**
 * One pass: the dirty rows (a batch a table) pushed and marked; returns rows handled. The report
 * tables are left out while their interval runs, unless `everything` (syncOnce, verify).
 */
function createPass(options: SyncLoopOptions, metrics: SyncMetrics) {
  const { db, meili, indexes, timeZone } = options;
  const batchSize = options.batchSize ?? 10_000;
  const changes = createChangeCollector(indexes);
  const meiliPushed = meiliPush(meili, metrics, options.taskTimeoutMs ?? 60_000);
  const push: PushDocuments = async (index, documents) => {
    await meiliPushed(index, documents);
    changes.record(index, documents);
  };
  const tables = dirtyTables(indexes, timeZone);
  const dueTables = reportSchedule(tables, options.reportIntervalMs ?? 500);
  let indexesReady = false;
  return async (everything: boolean): Promise<number> => {
    // Here rather than at startup: Meilisearch being down must not stop consumption.
    if (!indexesReady) {
      await ensureIndexes(meili, indexes);
      indexesReady = true;
    }
    // Read before the rows, so every event up to it is in what this pass pushes.
    const position = options.onChanged ? await appliedPosition(db) : 0;
    try {
      return await syncTablesTogether(dueTables(everything), (sync) => sync(db, batchSize, push));
    } finally {
      // Also after a failed pass: what did land is announced.
      const change = changes.take(position);
      if (change) options.onChanged?.(change);
    }
  };
}

/**
 * Every table's batch at once: each table writes its own index, and Meilisearch runs the tasks
 * back to back, so a pass waits for the slowest table instead of the sum of all (a real
 * Meilisearch spends ~50 ms per documents task however small). Each table still has one batch
 * in flight, which keeps its pushes in order. Settles them all before failing, so whatever
 * landed is marked and announced.
 */
async function syncTablesTogether<T>(
  tables: readonly T[],
  sync: (table: T) => Promise<number>,
): Promise<number> {
  const results = await Promise.allSettled(tables.map(sync));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.reduce((n, r) => n + (r.status === "fulfilled" ? r.value : 0), 0);
}

/**
 * Pushes dirty projection rows to Meilisearch. Rows carry a revision; a row stays dirty until a
 * push of its latest revision has succeeded, so whatever raced, crashed or failed, the loop keeps
 * pushing until every document equals its row. There is one pusher (a lock), and Meilisearch
 * applies one index's tasks in order, so the last write to land is always the newest state.
 */
export function createSyncLoop(options: SyncLoopOptions): SyncLoop {
  const { lock, logger } = options;
  const intervalMs = options.intervalMs ?? 100;
  const log = logger.child({ component: "meili-sync" });
  const metrics = createSyncMetrics(options.registry);
  const pass = createPass(options, metrics);
  // Pushes and jobs that need pushes held off run one at a time.
  const serialized = serializer();
  let isLeader = false;
  const lead = (leader: boolean) => {
    if (leader === isLeader) return;
    isLeader = leader;
    metrics.leader.set(leader ? 1 : 0);
    log.info(
      leader ? "this instance pushes to Meilisearch" : "another instance pushes to Meilisearch",
    );
  };
  const loop = createWorkLoop({
    async step() {
      lead(await lock.acquire());
      if (!isLeader) return "idle";
      await options.taskPruner?.tick();
      const { retention } = options;
      const retired = retention ? await serialized(() => retention.tick()) : 0;
      const pushed = await serialized(() => pass(false));
      return pushed + retired > 0 ? "more" : "idle";
    },
    idleMs: () => (isLeader ? intervalMs : Math.max(intervalMs, 1_000)),
    maxBackoffMs: options.maxBackoffMs ?? 5_000,
    onError(error, backoffMs) {
      metrics.failures.inc();
      log.warn("sync to Meilisearch failed; backing off", {
        error: (error as Error).message,
        backoffMs,
      });
    },
  });
  return {
    start: () => loop.start(),
    async stop() {
      await loop.stop();
      await lock.release();
      isLeader = false;
      metrics.leader.set(0);
    },
    wake: () => loop.wake(),
    syncOnce: () => serialized(() => pass(true)),
    whilePaused: (job) =>
      serialized(async () => {
        if (!((await lock.stillHeld()) || (await lock.acquire()))) throw new NotSyncLeaderError();
        return job();
      }),
    get isLeader() {
      return isLeader;
    },
  };
}
