// MySQL's limit: the rows the projector writes for the seeded events, written into a fresh read
// schema by multi-row upserts in the projector's batches (per partition, in delivery order, one
// transaction a batch, every partition at once), with the planning done before the clock starts.
// What the projector does beyond it is reading and locking its orders and checking their versions.
import { partitionOf } from "@orderlens/bus";
import { ensureDatabaseExists } from "@orderlens/event-store";
import type { StoredEvent } from "@orderlens/order-events";
import { sql, type Transaction } from "kysely";
import {
  createReadDatabase,
  migrateReadSchema,
  type ReadDb,
} from "../src/mysql-schema/read-database.js";
import type { ReadDatabase } from "../src/mysql-schema/read-tables.js";
import { type BatchPlan, type ProjectedOrder, planBatch } from "../src/projection/plan-batch.js";
import { newOrderRow, writeDeltas, writeProgress } from "../src/projection/projection-store.js";

export interface ReadSchemaLimitOptions {
  /** A database of its own, created here; the caller drops it. */
  url: string;
  /** Every seeded event, in position order. */
  events: readonly StoredEvent[];
  partitions: number;
  batchSize: number;
  timeZone: string;
}

interface PlannedBatch {
  events: readonly StoredEvent[];
  plan: BatchPlan;
}

/** Each partition's events in delivery order, cut into the projector's batches and planned. */
export function planPartitions(o: ReadSchemaLimitOptions): PlannedBatch[][] {
  const byPartition = Array.from({ length: o.partitions }, (): StoredEvent[] => []);
  for (const e of o.events) byPartition[partitionOf(e.orderId, o.partitions)]?.push(e);
  const projected = new Map<string, ProjectedOrder>();
  return byPartition.map((events) => {
    const batches: PlannedBatch[] = [];
    for (let i = 0; i < events.length; i += o.batchSize) {
      const batch = events.slice(i, i + o.batchSize);
      const plan = planBatch(projected, batch, o.timeZone);
      for (const [id, order] of plan.orders) projected.set(id, order);
      batches.push({ events: batch, plan });
    }
    return batches;
  });
}

const latest = <T>(column: string) => sql<T>`values(${sql.ref(column)})`;

/** Every order of the batch in one statement, new or not. */
async function upsertOrders(trx: Transaction<ReadDatabase>, plan: BatchPlan): Promise<void> {
  if (plan.orders.size === 0) return;
  await trx
    .insertInto("projected_orders")
    .values([...plan.orders].map(([id, o]) => newOrderRow(id, o)))
    .onDuplicateKeyUpdate({
      version: latest<number>("version"),
      state: latest<string>("state"),
      last_position: latest<number>("last_position"),
      dirty: sql`1`,
    })
    .execute();
}

async function writeBatch(db: ReadDb, partition: number, b: PlannedBatch): Promise<void> {
  await db
    .transaction()
    .setIsolationLevel("read committed")
    .execute(async (trx) => {
      await upsertOrders(trx, b.plan);
      await writeDeltas(trx, b.plan.deltas);
      await writeProgress(trx, partition, b.events, b.plan.outcomes);
    });
}

/** Writes every planned batch, partitions in parallel; returns the seconds the writes took. */
export async function measureReadSchemaLimit(o: ReadSchemaLimitOptions): Promise<number> {
  const partitions = planPartitions(o);
  await ensureDatabaseExists(o.url);
  // The projector's pool size, so the partitions contend for connections as they do there.
  const db = createReadDatabase(o.url);
  try {
    await migrateReadSchema(db);
    const started = performance.now();
    await Promise.all(
      partitions.map(async (batches, partition) => {
        for (const b of batches) await writeBatch(db, partition, b);
      }),
    );
    return (performance.now() - started) / 1000;
  } finally {
    await db.destroy();
  }
}
