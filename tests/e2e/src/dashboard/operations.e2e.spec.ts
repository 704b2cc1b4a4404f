import { OrderStatus, ProjectorAdmin, SalesGroupBy } from "@orderlens/contracts";
import type { OrderEvent } from "@orderlens/domain";
import { beginCommandBatch, createDatabase, type Db } from "@orderlens/event-store";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import { eventually } from "@orderlens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokens } from "../system-harness.js";
import { expectAccessible, screenshot } from "./browser.js";
import { waitForProjection } from "./seed.js";
import { dashboardSuite } from "./suite.js";

const suite = dashboardSuite("e2e dashboard operations", { prefix: "op", orders: 9 });
let admin: GrpcJsClient<typeof ProjectorAdmin>;
let eventStore: Db;
let eventPool: ReturnType<typeof createDatabase>["pool"];

beforeAll(() => {
  admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${suite.system.ports.projector}`, {
    token: tokens.admin,
  });
  ({ db: eventStore, pool: eventPool } = createDatabase({
    url: suite.system.eventsUrl,
    connectionLimit: 2,
  }));
});
afterAll(async () => {
  admin?.close();
  await eventStore?.destroy();
});

/** Appends through command-svc's own write path: a batch of one command that reads nothing. */
async function append(orderId: string, occurredAt: number, event: OrderEvent): Promise<number> {
  const batch = await beginCommandBatch(eventStore, eventPool.promise(), [
    { orderId, requestId: undefined, readStream: false },
  ]);
  const [result] = await batch.commit([
    {
      append: {
        orderId,
        afterVersion: 0,
        events: [event],
        occurredAt: new Date(occurredAt),
        metadata: { causationId: "", correlationId: "e2e", actor: "e2e" },
      },
    },
  ]);
  return result?.position ?? 0;
}

/**
 * Version 1 of a new order, committed but held back from the bus: its outbox row is taken away
 * before the relay publishes it. False when the relay was quicker (then try another order).
 */
async function commitUnpublished(orderId: string, createdAt: number): Promise<number | false> {
  const position = await append(orderId, createdAt, {
    type: "OrderCreated",
    orderId,
    customerId: "c-parked",
    region: "eu-west",
    currency: "EUR",
    items: [
      { productId: "parked-1", productName: "Parked product", quantity: 3, unitPriceMinor: 700 },
    ],
    createdAt,
  });
  const { numDeletedRows } = await eventStore
    .deleteFrom("outbox")
    .where("position", "=", position)
    .executeTakeFirst();
  if (numDeletedRows === 0n) return false;
  // The relay may have read the row just before it went: give a publish time to show.
  await new Promise((r) => setTimeout(r, 1_000));
  const seen = await suite.system.queries.getOrder({ orderId }).catch(() => undefined);
  return seen?.order ? false : position;
}

/**
 * Parks a real event the way the projector parks one today (as in the projector's admin spec):
 * version 2 of an order arrives without version 1, stays a gap through every retry tier, and is
 * parked. Version 1 is committed with its outbox row held back, version 2 goes through
 * command-svc; once version 2 is parked the row is restored, and version 1 is published and
 * applied. Returns the order id used.
 */
async function parkVersionTwo(prefix: string, createdAt: number): Promise<string> {
  let orderId = "";
  let position: number | false = false;
  for (let attempt = 1; position === false; attempt++) {
    if (attempt > 5) throw new Error("the relay published version 1 every time");
    orderId = `${prefix}-${attempt}`;
    position = await commitUnpublished(orderId, createdAt);
  }
  await suite.system.commands.completeOrder(
    { orderId, expectedVersion: 1n },
    { headers: { "x-orderlens-command-time": new Date(createdAt + 60_000).toISOString() } },
  );
  await eventually(
    async () => {
      const parked = await admin.listParked({ limit: 100 });
      expect(parked.messages.map((m) => m.orderId)).toContain(orderId);
    },
    { timeoutMs: 20_000 },
  );
  await eventStore.insertInto("outbox").values({ position }).execute();
  await eventually(
    async () => {
      expect((await suite.system.queries.getOrder({ orderId })).order?.version).toBe(1n);
    },
    { timeoutMs: 20_000 },
  );
  return orderId;
}

describe("dashboard: operations", () => {
  it("redrives a parked message after a confirmation, and it is applied once", async () => {
    const createdAt = Date.now() - 10 * 60_000;
    const month = new Date(createdAt).toISOString().slice(0, 7);
    const report = () =>
      suite.system.queries.getSalesReport({
        range: { case: "months", value: { from: month, to: month } },
        groupBy: SalesGroupBy.MONTH,
        currency: "EUR",
      });
    const before = (await report()).totals[0];
    const orderId = await parkVersionTwo("op-parked", createdAt);

    const watched = await suite.open(tokens.dashboard);
    const { page } = watched;
    await page.goto(`${suite.system.dashboardUrl}/operations`);
    const row = page.locator(`[data-testid="parked"] tr:has(td:text-is("${orderId}"))`);
    await row.waitFor();
    await page.getByTestId("projection-status").getByTestId("last-position").waitFor();
    await expectAccessible(page);
    await screenshot(page, "operations");
    await row.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Redrive selected (1)" }).click();
    const dialog = page.getByRole("dialog", { name: "Redrive parked messages?" });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Redrive" }).click();
    expect(await page.getByTestId("redrive-result").textContent()).toBe("Redriven: 1.");
    await row.waitFor({ state: "detached", timeout: 15_000 });

    await eventually(
      async () => {
        const read = await suite.system.queries.getOrder({ orderId });
        expect(read.order).toMatchObject({
          version: 2n,
          status: OrderStatus.COMPLETED,
          totalMinor: 2_100n,
        });
      },
      { timeoutMs: 20_000 },
    );
    await waitForProjection(suite.system);
    const after = (await report()).totals[0];
    expect((after?.revenueMinor ?? 0n) - (before?.revenueMinor ?? 0n)).toBe(2_100n);
    expect((after?.orderCount ?? 0n) - (before?.orderCount ?? 0n)).toBe(1n);
    expect((await admin.listParked({ limit: 100 })).messages.map((m) => m.orderId)).not.toContain(
      orderId,
    );
  });

  it("lists Verify's differences, rebuilds after a confirmation with its progress, then verifies clean", async () => {
    // Damage what Meilisearch holds: an order document lost.
    const { url, key } = suite.system.meili;
    const lost = await fetch(`${url}/indexes/orders/documents/op-0`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(lost.status).toBe(202);
    await eventually(async () => expect((await admin.verify({})).clean).toBe(false));

    const watched = await suite.open(tokens.dashboard);
    const { page } = watched;
    await page.goto(`${suite.system.dashboardUrl}/operations`);
    const verify = page.getByTestId("verify");
    await verify.getByRole("button", { name: "Verify indexes" }).click();
    const result = verify.getByTestId("verify-result");
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute("data-clean")).toBe("false");
    expect(await verify.locator('tr:has(td:text-is("op-0"))').textContent()).toContain("missing");
    await expectAccessible(page);

    const rebuild = page.getByTestId("rebuild");
    expect(await rebuild.getByTestId("rebuild-status").getAttribute("data-phase")).toBe("IDLE");
    await rebuild.getByRole("button", { name: "Rebuild indexes" }).click();
    const dialog = page.getByRole("dialog", { name: "Rebuild every index?" });
    await dialog.getByRole("button", { name: "Rebuild" }).click();
    await rebuild.getByTestId("rebuild-result").waitFor({ timeout: 30_000 });
    const status = rebuild.getByTestId("rebuild-status");
    await expect.poll(() => status.getAttribute("data-phase")).toBe("DONE");
    const done = await admin.getRebuildStatus({});
    const text = await rebuild.textContent();
    expect(text).toContain(`generation ${done.generation}`);
    expect(text).toContain(`Events replayed: ${done.eventsReplayed} of ${done.eventsTotal}`);
    expect(text).toContain(`Documents written: ${done.documentsWritten}`);

    await verify.getByRole("button", { name: "Verify indexes" }).click();
    await expect.poll(() => result.getAttribute("data-clean"), { timeout: 30_000 }).toBe("true");
    await screenshot(page, "operations-after-rebuild");
  });
});
