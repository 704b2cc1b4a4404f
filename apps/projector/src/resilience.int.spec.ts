import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { OrderEvent } from "@orderlens/domain";
import type { StoredEvent } from "@orderlens/order-events";
import {
  brokerConnectionPids,
  closeBrokerConnection,
  getFreePort,
  waitFor,
} from "@orderlens/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  masterKey,
  type ProjectorHarness,
  startProjectorHarness,
} from "../test/projector-harness.js";
import type { ProjectorConfig } from "./config.js";

const harnesses: ProjectorHarness[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  await Promise.all(harnesses.splice(0).map((h) => h.stop()));
});

async function harness(label: string) {
  const h = await startProjectorHarness(label);
  harnesses.push(h);
  return h;
}

/** Orders spread over every partition, all selling the same products in the same month. */
async function manyOrders(h: ProjectorHarness, count: number, tag: string): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${tag}-${i}`;
    const events: OrderEvent[] = [
      {
        type: "OrderCreated",
        orderId: id,
        customerId: `c-${i % 7}`,
        region: ["eu-west", "us-east", "apac"][i % 3] ?? "eu-west",
        currency: "EUR",
        items: [
          {
            productId: "shared-a",
            productName: "Shared A",
            quantity: 1 + (i % 3),
            unitPriceMinor: 1_000,
          },
          { productId: `p-${i % 5}`, productName: `P ${i % 5}`, quantity: 1, unitPriceMinor: 250 },
        ],
        createdAt: Date.parse("2026-05-10T10:00:00Z"),
      },
    ];
    if (i % 4 === 3) {
      events.push({
        type: "OrderCancelled",
        orderId: id,
        reason: "test",
        cancelledAt: Date.parse("2026-05-11T10:00:00Z"),
      });
    } else if (i % 4 !== 2) {
      const total = (1 + (i % 3)) * 1_000 + 250;
      events.push({
        type: "OrderCompleted",
        orderId: id,
        totalMinor: total,
        completedAt: Date.parse("2026-05-12T10:00:00Z"),
      });
    }
    all.push(...(await h.append(id, events)));
  }
  return all;
}

function childEnv(config: ProjectorConfig, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PROJECTOR_PORT: String(port),
    PROJECTOR_HOST: "127.0.0.1",
    MYSQL_URL: config.mysqlUrl,
    PROJECTOR_MYSQL_URL: config.readMysqlUrl,
    AMQP_URL: config.amqpUrl,
    AMQP_PREFIX: config.amqpPrefix,
    PARTITIONS: String(config.partitions),
    RETRY_DELAYS_MS: config.retryDelaysMs.join(","),
    MEILI_URL: config.meiliUrl,
    MEILI_API_KEY: masterKey,
    PROJECTOR_BATCH_SIZE: "50",
    PROJECTOR_BATCH_MS: "5",
    SYNC_INTERVAL_MS: "20",
    ORDERLENS_AUTH_DISABLED: "true",
    LOG_LEVEL: "error",
  };
}

describe("projector resilience", () => {
  it("two projectors racing on the same report keys converge with zero differences", async () => {
    const h = await harness("race");
    // Each instance owns some partitions: their batches hit the same aggregate rows concurrently.
    await h.startProjector({ consumePartitions: [0, 1] });
    await h.startProjector({ consumePartitions: [2] });
    const events = await manyOrders(h, 120, "race");
    await h.publish(events);
    await h.publish(events.filter((_, i) => i % 3 === 0)); // and some redelivered
    await h.converged(30_000);
  });

  it("a projector killed with SIGKILL mid-batch and restarted converges with zero differences", async () => {
    const h = await harness("sigkill");
    const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const start = async () => {
      const port = await getFreePort();
      const child = spawn(process.execPath, [cli, "serve"], {
        env: childEnv(h.config, port),
        stdio: "ignore",
      });
      children.push(child);
      await waitFor(
        async () =>
          (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok || undefined,
        {
          timeoutMs: 15_000,
          description: "the projector process to be ready",
        },
      );
      return child;
    };
    const first = await start();
    const events = await manyOrders(h, 300, "kill");
    await h.publish(events);
    // Kill it while batches are being applied: some orders projected, not all.
    const count = () => h.projectedOrderCount();
    await waitFor(async () => ((await count()) > 20 ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 5,
      description: "some orders to be projected",
    });
    first.kill("SIGKILL");
    await once(first, "exit");
    expect(await count()).toBeLessThan(300);
    await start();
    await h.startProjector({ consumePartitions: [] }); // in-process only to run verify
    await h.converged(30_000);
  });

  it("keeps projecting after the broker closes its connection: every partition consumes again", async () => {
    const h = await harness("broker close");
    const p = await h.startProjector();
    await h.publish(await manyOrders(h, 30, "before"));
    await h.converged();
    const name = `projector ${process.pid}`;
    const [before] = await brokerConnectionPids(name);
    await closeBrokerConnection(name);
    await h.publish(await manyOrders(h, 30, "after"));
    await waitFor(async () => (await brokerConnectionPids(name)).some((pid) => pid !== before), {
      timeoutMs: 15_000,
      description: "the consumer to reconnect",
    });
    await waitFor(() => p.consumer.consuming, { description: "every partition to consume again" });
    await h.converged(30_000);
    expect(await h.projectedOrderCount()).toBe(60);
  });

  it("recovers from Meilisearch being down for 5 s with zero differences", async () => {
    const h = await harness("meili down");
    await h.startProjector();
    await h.publish(await manyOrders(h, 20, "before"));
    await h.converged();
    // Down and back on the same port with its data, as a real Meilisearch comes back.
    await h.meili.stop();
    await h.publish(await manyOrders(h, 30, "during"));
    await new Promise((r) => setTimeout(r, 5_000));
    await h.meili.start();
    await h.converged(30_000);
  });
});
