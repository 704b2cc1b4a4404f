import type { CreateOrder, OrderCommand } from "@orderlens/domain";
import {
  beginCommandBatch,
  createDatabase,
  type Db,
  migrateToLatest,
} from "@orderlens/event-store";
import { createTestDatabase, type TestDatabase } from "@orderlens/testing";
import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCommandPipeline } from "./command-pipeline.js";
import type { CommandContext, CommandHandler, CommandResult } from "./command-types.js";

let testDb: TestDatabase;
let db: Db;
let pool: Pool;
let handle: CommandHandler;
let commits = 0;
/** Commands per batch transaction formed from the queue (first tries). */
let batchSizes: number[] = [];
/** Commands per transaction that retried a command after its batch failed. */
let retrySizes: number[] = [];
/** Runs once, between a batch's reads and its writes: another instance writing meanwhile. */
let interpose: (() => Promise<void>) | undefined;

const at = Date.UTC(2026, 2, 1, 12);
const item = { productId: "p-1", productName: "Tea", quantity: 2, unitPriceMinor: 450 };

function create(orderId: string, quantity = 2): CreateOrder {
  const items = [{ ...item, quantity }];
  return {
    type: "CreateOrder",
    orderId,
    at,
    customerId: "c-1",
    region: "eu",
    currency: "EUR",
    items,
  };
}

function context(
  requestId: string | undefined,
  extra: Partial<CommandContext> = {},
): CommandContext {
  return {
    requestId,
    // The same request id with the same command carries the same fingerprint.
    fingerprint: `fp-${requestId ?? "none"}`.padEnd(64, "0"),
    expectedVersion: undefined,
    correlationId: "corr-1",
    actor: "tester",
    ...extra,
  };
}

function outcomeOf(result: CommandResult) {
  if (!result.ok) throw new Error(`command failed: ${JSON.stringify(result.failure)}`);
  return result.outcome;
}

async function eventsOf(orderId: string) {
  return db
    .selectFrom("events")
    .select(["stream_version", "position"])
    .where("stream_id", "=", orderId)
    .orderBy("stream_version")
    .execute();
}

/** The stored truth behind a reply: its last event, outbox row and idempotency record agree. */
async function expectExact(orderId: string, version: number, position: number) {
  const last = (await eventsOf(orderId)).at(-1);
  expect({ version: last?.stream_version, position: Number(last?.position) }).toEqual({
    version,
    position,
  });
  const outbox = await db
    .selectFrom("outbox")
    .select("position")
    .where("position", "=", position)
    .execute();
  expect(outbox).toHaveLength(1);
}

beforeAll(async () => {
  testDb = await createTestDatabase("command batcher");
  const database = createDatabase({ url: testDb.url });
  db = database.db;
  pool = database.pool.promise();
  await migrateToLatest(db);
  handle = createCommandPipeline({
    db,
    pool,
    onCommitted: () => commits++,
    maxBatchSize: 200,
    async beginBatch(db, pool, reads, { retry }) {
      (retry ? retrySizes : batchSizes).push(reads.length);
      const batch = await beginCommandBatch(db, pool, reads);
      const before = interpose;
      interpose = undefined;
      if (!before) return batch;
      return {
        ...batch,
        async commit(writes) {
          await before();
          return batch.commit(writes);
        },
      };
    },
  });
});
afterAll(async () => {
  await db.destroy();
  await testDb.drop();
});
beforeEach(() => {
  batchSizes = [];
  retrySizes = [];
  commits = 0;
});

describe("group commit", () => {
  it("100 concurrent CreateOrders share transactions; duplicates replay, invalid ones write nothing, every reply is exact", async () => {
    type Case = { command: OrderCommand; ctx: CommandContext; kind: "new" | "twin" | "invalid" };
    const cases: Case[] = [];
    for (let i = 0; i < 70; i++) {
      cases.push({
        command: create(`o-new-${i}`),
        ctx: context(`req-${i}`, { newStream: true }),
        kind: "new",
      });
    }
    // Twins of a request id get server-generated order ids of their own, as over gRPC.
    for (let i = 0; i < 20; i++) {
      const ctx = context(`req-${i % 5}`, { newStream: true });
      cases.push({ command: create(`o-twin-${i}`), ctx, kind: "twin" });
    }
    for (let i = 0; i < 10; i++) {
      cases.push({
        command: create(`o-bad-${i}`, 0),
        ctx: context(`req-bad-${i}`),
        kind: "invalid",
      });
    }
    const results = await Promise.all(cases.map((c) => handle(c.command, c.ctx)));

    expect(batchSizes.length).toBeLessThan(cases.length);
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    expect(commits).toBeGreaterThan(0);
    const firstReply = new Map<string, unknown>();
    for (const [i, c] of cases.entries()) {
      const result = results[i] as CommandResult;
      if (c.kind === "invalid") {
        expect(result).toMatchObject({ ok: false, failure: { kind: "domain" } });
        expect(await eventsOf(c.command.orderId)).toEqual([]);
        continue;
      }
      const outcome = outcomeOf(result);
      if (c.kind === "new") {
        expect(outcome).toMatchObject({ orderId: c.command.orderId, version: 1, replayed: false });
        await expectExact(outcome.orderId, outcome.version, outcome.position);
        firstReply.set(c.ctx.requestId ?? "", { ...outcome, replayed: true });
      } else {
        expect(outcome).toEqual(firstReply.get(c.ctx.requestId ?? ""));
        expect(await eventsOf(c.command.orderId)).toEqual([]);
      }
    }
    const total = await db.selectFrom("events").select(db.fn.countAll().as("n")).executeTakeFirst();
    expect(Number(total?.n)).toBe(70);
  });

  it("appends to read streams at their versions, refuses stale versions and reused request ids", async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => handle(create(`o-s-${i}`), context(`req-s-${i}`))),
    );
    batchSizes = [];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const orderId = `o-s-${i}`;
        if (i % 10 === 9) {
          const other = context(`req-s-${i}`, { fingerprint: "f".repeat(64) });
          return handle(create(`o-s-other-${i}`, 3), other);
        }
        const expectedVersion = i % 10 === 8 ? 0 : 1;
        const add = { type: "AddItem", orderId, at, item: { ...item, productId: "p-2" } } as const;
        return handle(add, context(`req-add-${i}`, { expectedVersion }));
      }),
    );
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    for (const [i, result] of results.entries()) {
      if (i % 10 === 9) {
        expect(result).toMatchObject({ ok: false, failure: { kind: "request-id-reused" } });
      } else if (i % 10 === 8) {
        expect(result).toEqual({
          ok: false,
          failure: { kind: "version-conflict", expected: 0, actual: 1 },
        });
        expect(await eventsOf(`o-s-${i}`)).toHaveLength(1);
      } else {
        const outcome = outcomeOf(result);
        expect(outcome.version).toBe(2);
        await expectExact(`o-s-${i}`, 2, outcome.position);
      }
    }
  });

  it("a batch that fails as a whole writes nothing and its commands run again one by one", async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => handle(create(`o-f-${i}`), context(`req-f-${i}`))),
    );
    batchSizes = [];
    // Another instance, meanwhile: it appends to o-f-0 and commits a twin of req-fa-1 first.
    interpose = async () => {
      const stream = await eventsOf("o-f-0");
      const read = { orderId: "o-f-0", requestId: undefined, readStream: false };
      const other = await beginCommandBatch(db, pool, [read]);
      await other.commit([
        {
          append: {
            orderId: "o-f-0",
            afterVersion: stream.length,
            events: [
              { type: "ItemAdded", orderId: "o-f-0", at, item: { ...item, productId: "p-9" } },
            ],
            occurredAt: new Date(at),
            metadata: { causationId: "", correlationId: "other", actor: "other" },
          },
        },
      ]);
      await db
        .insertInto("command_requests")
        .values({
          request_id: "req-fa-1",
          command_type: "AddItem",
          request_hash: context("req-fa-1").fingerprint,
          order_id: "o-f-1",
          version: 7,
          position: 77,
        })
        .execute();
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const add = {
          type: "AddItem",
          orderId: `o-f-${i}`,
          at,
          item: { ...item, productId: "p-2" },
        } as const;
        return handle(add, context(`req-fa-${i}`));
      }),
    );
    // One batch that failed, then each command alone.
    expect(batchSizes).toEqual([10]);
    expect(retrySizes).toEqual(Array.from({ length: 10 }, () => 1));
    expect(interpose).toBeUndefined();
    expect(outcomeOf(results[1] as CommandResult)).toEqual({
      orderId: "o-f-1",
      version: 7,
      position: 77,
      replayed: true,
    });
    expect(await eventsOf("o-f-1")).toHaveLength(1);
    // The lost race is decided again on top of the other instance's event.
    const raced = outcomeOf(results[0] as CommandResult);
    expect(raced.version).toBe(3);
    await expectExact("o-f-0", 3, raced.position);
    for (let i = 2; i < 10; i++) {
      const outcome = outcomeOf(results[i] as CommandResult);
      expect(outcome).toMatchObject({ version: 2, replayed: false });
      await expectExact(`o-f-${i}`, 2, outcome.position);
      expect(await eventsOf(`o-f-${i}`)).toHaveLength(2);
    }
  });
});
