import type { OrderState } from "@orderlens/domain";
import type { LeaderLock } from "@orderlens/event-store";
import type { IndexNames } from "@orderlens/meili-indexes";
import { ensureIndexes } from "@orderlens/meili-indexes";
import { createWorkLoop, type Logger } from "@orderlens/server";
import { sql, type Transaction } from "kysely";
import type { Meilisearch } from "meilisearch";
import { Counter, Gauge, type Registry } from "prom-client";
import { orderDocument } from "../documents/order-document.js";
import {
  dailyDocument,
  productMonthDocument,
  regionMonthDocument,
} from "../documents/sales-documents.js";
import type { ReadDb } from "../mysql-schema/read-database.js";
import type { ReadDatabase } from "../mysql-schema/read-tables.js";

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
  maxBackoffMs?: number;
  /** How long to wait for Meilisearch to finish a documents task. */
  taskTimeoutMs?: number;
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

/**
 * Pushes dirty projection rows to Meilisearch. Rows carry a revision; a row stays dirty until a
 * push of its latest revision has succeeded, so whatever raced, crashed or failed, the loop keeps
 * pushing until every document equals its row. There is one pusher (a lock), and Meilisearch
 * applies one index's tasks in order, so the last write to land is always the newest state.
 */
export function createSyncLoop(options: SyncLoopOptions): SyncLoop {
  const {
    db,
    meili,
    indexes,
    timeZone,
    lock,
    batchSize = 1_000,
    intervalMs = 100,
    maxBackoffMs = 5_000,
  } = options;
  const taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
  const log = options.logger.child({ component: "meili-sync" });
  const registers = options.registry ? [options.registry] : [];
  const pushed = new Counter({
    name: "projector_documents_pushed_total",
    help: "Documents pushed to Meilisearch",
    registers,
    labelNames: ["index"],
  });
  const failures = new Counter({
    name: "projector_sync_failures_total",
    help: "Failed pushes to Meilisearch",
    registers,
  });
  const leaderGauge = new Gauge({
    name: "projector_sync_leader",
    help: "1 while this instance pushes to Meilisearch",
    registers,
  });

  const push = async (index: string, documents: Record<string, unknown>[]) => {
    const task = await meili
      .index(index)
      .addDocuments(documents, { primaryKey: "id" })
      .waitTask({ timeout: taskTimeoutMs, interval: 10 });
    if (task.status !== "succeeded") {
      throw new Error(
        `Meilisearch task ${task.uid} on ${index} ${task.status}: ${task.error?.message ?? "no error given"}`,
      );
    }
    pushed.inc({ index }, documents.length);
  };

  /** Pushes a table's dirty rows, then marks each synced up to the revision that was pushed. */
  const syncTable = async <Row>(
    index: string,
    rows: Row[],
    toDocument: (row: Row) => object | undefined,
    markSynced: (trx: Transaction<ReadDatabase>, row: Row) => Promise<unknown>,
  ): Promise<number> => {
    if (rows.length === 0) return 0;
    const docs = rows.flatMap((r) => {
      const doc = toDocument(r);
      return doc ? [doc as Record<string, unknown>] : [];
    });
    if (docs.length > 0) await push(index, docs);
    await db.transaction().execute(async (trx) => {
      for (const r of rows) await markSynced(trx, r);
    });
    return rows.length;
  };

  const pushedRevision = (revision: number) => ({
    synced_revision: sql<number>`greatest(synced_revision, ${revision})`,
    dirty: sql<number>`revision > ${revision}`,
  });

  // Pushes and jobs that need pushes held off run one at a time, in arrival order.
  let tail: Promise<unknown> = Promise.resolve();
  const serialized = <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };

  let indexesReady = false;
  const pushDirty = async (): Promise<number> => {
    // Here rather than at startup: Meilisearch being down must not stop consumption.
    if (!indexesReady) {
      await ensureIndexes(meili, indexes);
      indexesReady = true;
    }
    const orders = await syncTable(
      indexes.orders,
      await db
        .selectFrom("projected_orders")
        .selectAll()
        .where("dirty", "=", 1)
        .limit(batchSize)
        .execute(),
      (r) => orderDocument(parseState(r.state), Number(r.version), timeZone),
      (trx, r) =>
        trx
          .updateTable("projected_orders")
          .set({
            synced_version: sql<number>`greatest(synced_version, ${r.version})`,
            dirty: sql<number>`version > ${r.version}`,
          })
          .where("order_id", "=", r.order_id)
          .execute(),
    );
    const products = await syncTable(
      indexes.salesByProductMonth,
      await db
        .selectFrom("sales_month_product")
        .selectAll()
        .where("dirty", "=", 1)
        .limit(batchSize)
        .execute(),
      productMonthDocument,
      (trx, r) =>
        trx
          .updateTable("sales_month_product")
          .set(pushedRevision(r.revision))
          .where("month", "=", r.month)
          .where("product_id", "=", r.product_id)
          .where("currency", "=", r.currency)
          .execute(),
    );
    const regions = await syncTable(
      indexes.salesByRegionMonth,
      await db
        .selectFrom("sales_month_region")
        .selectAll()
        .where("dirty", "=", 1)
        .limit(batchSize)
        .execute(),
      regionMonthDocument,
      (trx, r) =>
        trx
          .updateTable("sales_month_region")
          .set(pushedRevision(r.revision))
          .where("month", "=", r.month)
          .where("region", "=", r.region)
          .where("currency", "=", r.currency)
          .execute(),
    );
    const days = await syncTable(
      indexes.salesDaily,
      await db
        .selectFrom("sales_daily")
        .selectAll()
        .where("dirty", "=", 1)
        .limit(batchSize)
        .execute(),
      dailyDocument,
      (trx, r) =>
        trx
          .updateTable("sales_daily")
          .set(pushedRevision(r.revision))
          .where("day", "=", r.day)
          .where("currency", "=", r.currency)
          .execute(),
    );
    return orders + products + regions + days;
  };

  let isLeader = false;
  const loop = createWorkLoop({
    async step() {
      const leader = await lock.acquire();
      if (leader !== isLeader) {
        isLeader = leader;
        leaderGauge.set(leader ? 1 : 0);
        log.info(
          leader ? "this instance pushes to Meilisearch" : "another instance pushes to Meilisearch",
        );
      }
      if (!leader) return "idle";
      return (await serialized(pushDirty)) > 0 ? "more" : "idle";
    },
    idleMs: () => (isLeader ? intervalMs : Math.max(intervalMs, 1_000)),
    maxBackoffMs,
    onError(error, backoffMs) {
      failures.inc();
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
      leaderGauge.set(0);
    },
    wake: () => loop.wake(),
    syncOnce: () => serialized(pushDirty),
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

export class NotSyncLeaderError extends Error {
  override name = "NotSyncLeaderError";
  constructor() {
    super("another projector instance pushes to Meilisearch (projector_sync_leader = 1 there)");
  }
}

function parseState(value: unknown): OrderState {
  return (typeof value === "string" ? JSON.parse(value) : value) as OrderState;
}
