import type { OrderEvent } from "@orderlens/domain";
import { createTestDatabase, type TestDatabase } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginCommandBatch } from "./command-batch.js";
import { createDatabase, type Db } from "./database.js";
import { type AppendRequest, readEventsAfter, readStream } from "./event-stream.js";
import { migrateToLatest } from "./migrate.js";
import { StreamVersionConflict } from "./mysql-errors.js";
import { deleteFromOutbox, outboxDepth, readOutbox } from "./outbox.js";

let testDb: TestDatabase;
let db: Db;
let end: () => Promise<void>;
/** Appends through the write path commands use: a command batch of one. */
let append: (request: AppendRequest) => Promise<{ version: number; position: number }>;

const metadata = { causationId: "req-1", correlationId: "corr-1", actor: "tester" };
const created = (orderId: string): OrderEvent => ({
  type: "OrderCreated",
  orderId,
  customerId: "c-1",
  region: "eu",
  currency: "EUR",
  items: [{ productId: "p-1", productName: "Tea", quantity: 2, unitPriceMinor: 450 }],
  createdAt: Date.UTC(2026, 0, 31, 23, 59, 59, 999),
});

beforeAll(async () => {
  testDb = await createTestDatabase("event store");
  const database = createDatabase({ url: testDb.url });
  db = database.db;
  end = () => db.destroy();
  append = async (request) => {
    const read = { orderId: request.orderId, requestId: undefined, readStream: false };
    const batch = await beginCommandBatch(db, database.pool.promise(), [read]);
    const [result] = await batch.commit([{ append: request }]);
    if (!result) throw new Error("the batch returned no result");
    return result;
  };
  await migrateToLatest(db);
  await migrateToLatest(db); // idempotent
});
afterAll(async () => {
  await end();
  await testDb.drop();
});

describe("event store", () => {
  it("appends with gapless versions, increasing positions, UTC times and an outbox row each", async () => {
    const occurredAt = new Date(Date.UTC(2026, 0, 31, 23, 59, 59, 999));
    const first = await append({
      orderId: "o-1",
      afterVersion: 0,
      events: [created("o-1")],
      occurredAt,
      metadata,
    });
    const second = await append({
      orderId: "o-1",
      afterVersion: 1,
      events: [
        {
          type: "OrderCompleted",
          orderId: "o-1",
          totalMinor: 900,
          completedAt: occurredAt.getTime(),
        },
      ],
      occurredAt,
      metadata,
    });
    expect(first.version).toBe(1);
    expect(second.version).toBe(2);
    expect(second.position).toBeGreaterThan(first.position);
    const stream = await readStream(db, "o-1");
    expect(stream.map((e) => [e.version, e.event.type])).toEqual([
      [1, "OrderCreated"],
      [2, "OrderCompleted"],
    ]);
    expect(stream[0]?.event).toEqual(created("o-1"));
    expect(stream[0]?.occurredAt).toBe(occurredAt.getTime());
    expect(Math.abs((stream[0]?.recordedAt ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(stream[0]?.metadata).toEqual(metadata);
    const outbox = await readOutbox(db, 10);
    expect(outbox.map((o) => o.position)).toEqual([first.position, second.position]);
    expect((await outboxDepth(db)).count).toBe(2);
    await deleteFromOutbox(db, [first.position]);
    expect((await readOutbox(db, 10)).map((o) => o.position)).toEqual([second.position]);
    expect((await readEventsAfter(db, first.position, 10)).map((e) => e.position)).toEqual([
      second.position,
    ]);
  });

  it("refuses a second writer at the same version and leaves no partial write", async () => {
    const occurredAt = new Date();
    await append({
      orderId: "o-2",
      afterVersion: 0,
      events: [created("o-2")],
      occurredAt,
      metadata,
    });
    const before = await outboxDepth(db);
    await expect(
      append({
        orderId: "o-2",
        afterVersion: 0,
        events: [created("o-2")],
        occurredAt,
        metadata,
      }),
    ).rejects.toBeInstanceOf(StreamVersionConflict);
    expect(await readStream(db, "o-2")).toHaveLength(1);
    expect((await outboxDepth(db)).count).toBe(before.count);
  });
});
