import type { OrderEvent } from "@orderlens/domain";
import { createTestDatabase, type TestDatabase } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BatchWrite, beginCommandBatch } from "./command-batch.js";
import { createDatabase, type Db } from "./database.js";
import { readStream } from "./event-stream.js";
import { migrateToLatest } from "./migrate.js";
import { outboxDepth } from "./outbox.js";

let testDb: TestDatabase;
let db: Db;
let begin: (
  orders: { orderId: string; requestId?: string }[],
) => ReturnType<typeof beginCommandBatch>;

const at = Date.UTC(2026, 2, 1);
const metadata = { causationId: "", correlationId: "corr", actor: "tester" };
const item = { productId: "p-1", productName: "Tea", quantity: 1, unitPriceMinor: 450 };
const created = (orderId: string): OrderEvent => ({
  type: "OrderCreated",
  orderId,
  customerId: "c-1",
  region: "eu",
  currency: "EUR",
  items: [item],
  createdAt: at,
});
const added = (orderId: string, productId: string): OrderEvent => ({
  type: "ItemAdded",
  orderId,
  item: { ...item, productId },
  at,
});
const write = (orderId: string, afterVersion: number, events: OrderEvent[]): BatchWrite => ({
  append: { orderId, afterVersion, events, occurredAt: new Date(at), metadata },
});

beforeAll(async () => {
  testDb = await createTestDatabase("command batch");
  const database = createDatabase({ url: testDb.url });
  db = database.db;
  await migrateToLatest(db);
  begin = (orders) =>
    beginCommandBatch(
      db,
      database.pool.promise(),
      orders.map(({ orderId, requestId }) => ({ orderId, requestId, readStream: true })),
    );
});
afterAll(async () => {
  await db.destroy();
  await testDb.drop();
});

describe("command batch", () => {
  it("reads every stream and record at once, and returns each write's own version and position", async () => {
    const first = await begin([{ orderId: "b-1" }, { orderId: "b-2" }]);
    const record = { request_id: "r-1", command_type: "X", request_hash: "h", order_id: "b-2" };
    const [one, two] = await first.commit([
      write("b-1", 0, [created("b-1")]),
      { ...write("b-2", 0, [created("b-2"), added("b-2", "p-2")]), record },
    ]);
    const streams = { b1: await readStream(db, "b-1"), b2: await readStream(db, "b-2") };
    expect(one).toEqual({ version: 1, position: streams.b1[0]?.position });
    expect(two).toEqual({ version: 2, position: streams.b2[1]?.position });

    const second = await begin([
      { orderId: "b-1" },
      { orderId: "b-2", requestId: "r-1" },
      { orderId: "b-3", requestId: "r-3" },
    ]);
    expect(second.stream("b-2").map((e) => e.version)).toEqual([1, 2]);
    expect(second.stream("b-3")).toEqual([]);
    expect(second.prior("r-1")).toMatchObject({ version: 2, position: two?.position });
    expect(second.prior("r-3")).toBeUndefined();
    await second.rollback();
  });

  it("writes nothing when one write of the batch collides", async () => {
    const before = (await outboxDepth(db)).count;
    const batch = await begin([{ orderId: "c-1" }, { orderId: "b-1" }]);
    await expect(
      batch.commit([write("c-1", 0, [created("c-1")]), write("b-1", 0, [created("b-1")])]),
    ).rejects.toMatchObject({ code: "ER_DUP_ENTRY" });
    expect(await readStream(db, "c-1")).toEqual([]);
    expect((await outboxDepth(db)).count).toBe(before);
  });
});
