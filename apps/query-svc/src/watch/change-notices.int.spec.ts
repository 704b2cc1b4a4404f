// Watchers woken by the projector's change notices on a real RabbitMQ: only the watchers whose
// keys a notice lists, and a resync from Meilisearch when the broker connection was lost.
import { setTimeout as sleep } from "node:timers/promises";
import { create, toBinary } from "@bufbuild/protobuf";
import { createTopology } from "@orderlens/bus";
import { ReadModelChangedSchema } from "@orderlens/contracts";
import {
  type AmqpScope,
  closeBrokerConnection,
  createAmqpScope,
  waitFor,
} from "@orderlens/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  orderDoc,
  type QueryHarness,
  startQueryHarness,
  statusDoc,
} from "../../test/query-svc-harness.js";

let h: QueryHarness;
let scope: AmqpScope;
let publisher: amqp.ChannelModel;
let channel: amqp.Channel;
let exchange: string;

beforeAll(async () => {
  scope = createAmqpScope("change-notices");
  exchange = scope.track(createTopology({ prefix: scope.prefix }).readModelChangesExchange);
  h = await startQueryHarness({
    WATCH_CHANGE_NOTICES: "true",
    AMQP_URL: scope.url,
    AMQP_PREFIX: scope.prefix,
    // Long enough that a wake within the tests' windows can only come from a notice or a resync.
    WATCH_POLL_MS: "10000",
    WATCH_MAX_UPDATES_PER_SECOND: "50",
  });
  await h.put(h.indexes.projectionStatus, [
    statusDoc({ lastAppliedPosition: 1, pendingDocuments: 0 }),
  ]);
  publisher = await amqp.connect(scope.url);
  channel = await publisher.createChannel();
  await channel.assertExchange(exchange, "fanout", { durable: true });
  await waitForNoticeQueue();
});
afterAll(async () => {
  await h.stop();
  await publisher.close();
  await scope.cleanup();
});

/**
 * query-svc's exclusive queue is bound once a notice sent to the exchange is routed, and notices
 * flow once its consumer reports in: that wakes every watcher, so tests start after it.
 */
async function waitForNoticeQueue() {
  await waitForRoutedNotice();
  await waitFor(async () => h.service.noticesLive || undefined, {
    timeoutMs: 10_000,
    description: "query-svc to take notices",
  });
}

async function waitForRoutedNotice() {
  await waitFor(
    async () => {
      const confirm = await publisher.createConfirmChannel();
      try {
        let routed = true;
        confirm.once("return", () => {
          routed = false;
        });
        confirm.publish(exchange, "", Buffer.from(notice({ position: 1 })), { mandatory: true });
        await confirm.waitForConfirms();
        await sleep(20);
        return routed || undefined;
      } finally {
        await confirm.close();
      }
    },
    { timeoutMs: 10_000, description: "query-svc's change notice queue" },
  );
}

function notice(fields: { position: number; orderIds?: string[]; months?: string[] }) {
  const { position, orderIds = [], months = [] } = fields;
  return toBinary(
    ReadModelChangedSchema,
    create(ReadModelChangedSchema, { position: BigInt(position), orderIds, months }),
  );
}

const publish = (fields: Parameters<typeof notice>[0]) =>
  channel.publish(exchange, "", Buffer.from(notice(fields)));

type Update = { projectedVersion: bigint; position: bigint };

/**
 * A WatchOrder stream read in the background, so a test can wait for the update it means and
 * skip others: when the notice consumer connects after the watchers opened, it wakes every
 * watcher once with the old position (a resync), which says nothing about a notice.
 */
function watch(orderId: string) {
  const abort = new AbortController();
  const updates: Update[] = [];
  let arrived: (() => void) | undefined;
  void (async () => {
    for await (const u of h.client.watchOrder({ orderId }, { signal: abort.signal })) {
      updates.push(u);
      arrived?.();
    }
  })().catch(() => undefined);
  /** The first update from now on that `wanted` accepts, or "quiet" after `ms`. */
  async function until(wanted: (u: Update) => boolean, ms: number): Promise<Update | "quiet"> {
    const deadline = performance.now() + ms;
    for (;;) {
      const at = updates.findIndex(wanted);
      if (at >= 0) return updates.splice(0, at + 1)[at] as Update;
      updates.length = 0;
      const left = deadline - performance.now();
      if (left <= 0) return "quiet";
      await Promise.race([new Promise<void>((r) => (arrived = r)), sleep(left)]);
    }
  }
  return {
    until,
    async next(): Promise<Update> {
      const u = await until(() => true, 10_000);
      if (u === "quiet") throw new Error(`no update on ${orderId} within 10 s`);
      return u;
    },
    stop: () => abort.abort(),
  };
}

describe("change notices", () => {
  it("wake only the watchers of the orders a notice lists", async () => {
    await h.put(h.indexes.orders, [
      orderDoc("n-a", { version: 1 }),
      orderDoc("n-b", { version: 1 }),
    ]);
    const a = watch("n-a");
    const b = watch("n-b");
    expect((await a.next()).projectedVersion).toBe(1n);
    expect((await b.next()).projectedVersion).toBe(1n);
    // The feed's first read of the projector's status wakes every watcher once: let it pass.
    await Promise.all([a.until(() => false, 1_000), b.until(() => false, 1_000)]);
    await h.put(h.indexes.orders, [
      orderDoc("n-a", { version: 2 }),
      orderDoc("n-b", { version: 2 }),
    ]);
    publish({ position: 5, orderIds: ["n-a"] });
    expect(await a.until((u) => u.position >= 5n, 2_000)).toMatchObject({
      projectedVersion: 2n,
      position: 5n,
    });
    // n-b changed in Meilisearch too, but no notice named it: nothing woke it for notice 5.
    expect(await b.until((u) => u.position >= 5n, 300)).toBe("quiet");
    publish({ position: 6, orderIds: ["n-b"] });
    expect(await b.until((u) => u.position >= 6n, 2_000)).toMatchObject({
      projectedVersion: 2n,
      position: 6n,
    });
    a.stop();
    b.stop();
  });

  it("resync every watcher from Meilisearch after the broker connection was lost", async () => {
    await h.put(h.indexes.orders, [orderDoc("n-c", { version: 1 })]);
    const c = watch("n-c");
    expect((await c.next()).projectedVersion).toBe(1n);
    // The notice for this change is lost with the connection; the resync still finds it.
    await h.put(h.indexes.orders, [orderDoc("n-c", { version: 2 })]);
    await closeBrokerConnection(`query-svc change notices from ${exchange}`);
    expect(await c.until((u) => u.projectedVersion === 2n, 10_000)).toMatchObject({
      projectedVersion: 2n,
    });
    c.stop();
    await waitForNoticeQueue();
  });
});
