import { MeiliError, type MeiliErrorBody } from "./errors.js";
import type { JsonObject } from "./json.js";

export const TASK_STATUSES = ["enqueued", "processing", "succeeded", "failed", "canceled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_TYPES = [
  "documentAdditionOrUpdate",
  "documentEdition",
  "documentDeletion",
  "settingsUpdate",
  "indexCreation",
  "indexDeletion",
  "indexUpdate",
  "indexSwap",
  "taskCancelation",
  "taskDeletion",
  "dumpCreation",
  "snapshotCreation",
  "upgradeDatabase",
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export type Task = {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: TaskStatus;
  type: TaskType;
  canceledBy: number | null;
  details: JsonObject;
  error: MeiliErrorBody | null;
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type EnqueuedTask = Pick<Task, "indexUid" | "status" | "type" | "enqueuedAt"> & {
  taskUid: number;
};

export const isFinished = (t: Task): boolean =>
  t.status === "succeeded" || t.status === "failed" || t.status === "canceled";

/** Runs the task's effect; returns the final details (e.g. `indexedDocuments`). */
export type TaskRunner = () => JsonObject | undefined;

/** ISO 8601 duration as Meilisearch prints it (`PT0.012345S`). */
const isoDuration = (ms: number): string => `PT${(ms / 1000).toFixed(6)}S`;

/**
 * Every write goes through here: it is recorded as `enqueued`, answered with a 202 summary,
 * and applied later, strictly in uid order, so per-index ordering holds as in Meilisearch.
 */
export class TaskQueue {
  /** Every task not deleted, in uid order. */
  tasks: Task[] = [];
  private readonly byUid = new Map<number, Task>();
  // Uids are never reused, even after a task deletion.
  private nextUid = 0;
  private readonly pending: { task: Task; run: TaskRunner }[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly onProcessed: () => void = () => {}) {}

  /** The uid the next task gets. */
  get uidCounter(): number {
    return this.nextUid;
  }

  restore(tasks: Task[], nextUid = 0): void {
    this.nextUid = nextUid;
    for (const task of tasks) {
      this.tasks.push(task);
      this.byUid.set(task.uid, task);
      this.nextUid = Math.max(this.nextUid, task.uid + 1);
    }
  }

  /** Deletes the finished tasks among `uids` (enqueued and processing ones stay); returns how many. */
  deleteFinished(uids: ReadonlySet<number>): number {
    const doomed = (t: Task) => uids.has(t.uid) && isFinished(t);
    const before = this.tasks.length;
    for (const t of this.tasks) if (doomed(t)) this.byUid.delete(t.uid);
    this.tasks = this.tasks.filter((t) => !doomed(t));
    return before - this.tasks.length;
  }

  enqueue(
    indexUid: string | null,
    type: TaskType,
    details: JsonObject,
    run: TaskRunner,
  ): EnqueuedTask {
    const task: Task = {
      uid: this.nextUid++,
      batchUid: null,
      indexUid,
      status: "enqueued",
      type,
      canceledBy: null,
      details,
      error: null,
      duration: null,
      enqueuedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    this.tasks.push(task);
    this.byUid.set(task.uid, task);
    this.pending.push({ task, run });
    this.schedule();
    return {
      taskUid: task.uid,
      indexUid,
      status: "enqueued",
      type,
      enqueuedAt: task.enqueuedAt,
    };
  }

  get(uid: number): Task | undefined {
    return this.byUid.get(uid);
  }

  isIndexing(indexUid: string): boolean {
    return this.pending.some((p) => p.task.indexUid === indexUid);
  }

  /** Resolves once nothing is pending (used on close and before snapshots). */
  idle(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate lets the 202 leave before the (synchronous) work starts.
    setImmediate(() => {
      this.scheduled = false;
      this.processOne();
    });
  }

  private processOne(): void {
    const next = this.pending.shift();
    if (next) {
      const { task, run } = next;
      const started = performance.now();
      task.status = "processing";
      task.startedAt = new Date().toISOString();
      task.batchUid = task.uid;
      try {
        const details = run();
        if (details) task.details = details;
        task.status = "succeeded";
      } catch (e) {
        const err =
          e instanceof MeiliError
            ? e
            : new MeiliError(
                500,
                "internal",
                e instanceof Error ? e.message : String(e),
                "internal",
              );
        task.status = "failed";
        task.error = err.toBody();
        // Meilisearch reports 0 (not null) processed documents on a failed task.
        for (const k of ["indexedDocuments", "deletedDocuments"]) {
          if (task.details[k] === null) task.details[k] = 0;
        }
      }
      task.finishedAt = new Date().toISOString();
      task.duration = isoDuration(performance.now() - started);
      this.onProcessed();
    }
    if (this.pending.length > 0) this.schedule();
    else {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
