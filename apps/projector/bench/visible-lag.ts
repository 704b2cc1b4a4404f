import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { OrderCommandService } from "@orderlens/contracts";
import { toDocumentId } from "@orderlens/meili-indexes";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import { getFreePort, packageBin, summarize, waitFor } from "@orderlens/testing";
import { startFloorProbe } from "./visibility-floor.js";

export interface LagOptions {
  eventsUrl: string;
  amqpUrl: string;
  prefix: string;
  meiliUrl: string;
  meiliKey: string;
  ratePerSecond: number;
  seconds: number;
  log: (line: string) => void;
}

/** A commit whose version is not visible in the orders index yet. */
type Pending = { orderId: string; version: number; committedAt: number };

/**
 * command-svc as deployed, a separate process. Apps never import each other: the bench finds it
 * by its bin (built by `npm run build`).
 */
function spawnCommandSvc(o: LagOptions, port: number): ChildProcess {
  const cli = packageBin("@orderlens/command-svc", "orderlens-command-svc");
  return spawn(process.execPath, [cli, "serve"], {
    env: {
      ...process.env,
      COMMAND_PORT: String(port),
      COMMAND_HOST: "127.0.0.1",
      MYSQL_URL: o.eventsUrl,
      AMQP_URL: o.amqpUrl,
      AMQP_PREFIX: o.prefix,
      ORDERLENS_AUTH_DISABLED: "true",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/**
 * Fetches the pending orders' documents from the orders index every 20 ms (what query-svc's
 * GetOrder reads) and records each commit's lag once its version is visible.
 */
function watchVisibility(
  meiliUrl: string,
  meiliKey: string,
  pending: Map<string, Pending>,
  lags: number[],
) {
  let watching = true;
  const fetchVisible = async (ids: string[]) => {
    const res = await fetch(`${meiliUrl}/indexes/orders/documents/fetch`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${meiliKey}` },
      body: JSON.stringify({
        ids: ids.map(toDocumentId),
        fields: ["orderId", "version"],
        limit: 1_000,
      }),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as { results: { orderId: string; version: number }[] };
    return new Map(body.results.map((d) => [d.orderId, d.version]));
  };
  const loop = (async () => {
    while (watching || pending.size > 0) {
      const ids = [...new Set([...pending.values()].map((p) => p.orderId))].slice(0, 1_000);
      const visible = ids.length > 0 ? await fetchVisible(ids) : null;
      const now = performance.now();
      for (const [key, p] of visible ? pending : []) {
        if ((visible?.get(p.orderId) ?? 0) >= p.version) {
          lags.push(now - p.committedAt);
          pending.delete(key);
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      watching = false;
      await loop;
    },
  };
}

/** Sends `units` CreateOrder + CompleteOrder pairs at the rate; returns how many failed. */
async function sendAtRate(
  client: GrpcJsClient<typeof OrderCommandService>,
  o: LagOptions,
  units: number,
  track: (outcome: { orderId: string; version: bigint } | undefined) => void,
): Promise<number> {
  let failed = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < units; i++) {
    const due = started + (i * 2000) / o.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      (async () => {
        const created = await client.createOrder({
          customerId: `lag-${i}`,
          region: "eu-west",
          currency: "EUR",
          items: [
            { productId: `sku-${i % 200}`, productName: "P", quantity: 1, unitPriceMinor: 999n },
          ],
        });
        track(created.outcome);
        await new Promise((r) => setTimeout(r, 1000 / o.ratePerSecond));
        const completed = await client.completeOrder({ orderId: created.outcome?.orderId ?? "" });
        track(completed.outcome);
      })().catch(() => {
        failed++;
      }),
    );
  }
  await Promise.all(inflight);
  return failed;
}

/**
 * Commit-to-visible lag: command-svc takes CreateOrder and CompleteOrder at a steady rate, and
 * each reply's version is timed until it is visible in the orders index.
 */
export interface LagFigures {
  commandsPerSecond: number;
  timed: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  /** One message through RabbitMQ then one document into Meilisearch, probed meanwhile. */
  floorP50: number;
  floorP99: number;
}

export async function measureVisibleLag(o: LagOptions): Promise<LagFigures> {
  const port = await getFreePort();
  const child = spawnCommandSvc(o, port);
  try {
    await waitFor(
      async () =>
        (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok || undefined,
      { timeoutMs: 30_000, description: "command-svc to be ready" },
    );
    const client = createGrpcJsClient(OrderCommandService, `127.0.0.1:${port}`);
    // Keyed by order and version: a completion may commit before its creation becomes visible.
    const pending = new Map<string, Pending>();
    const lags: number[] = [];
    const watcher = watchVisibility(o.meiliUrl, o.meiliKey, pending, lags);
    const probe = await startFloorProbe({
      amqpUrl: o.amqpUrl,
      meiliUrl: o.meiliUrl,
      meiliKey: o.meiliKey,
    });
    const track = (outcome: { orderId: string; version: bigint } | undefined) => {
      if (!outcome) return;
      const version = Number(outcome.version);
      pending.set(`${outcome.orderId}@${version}`, {
        orderId: outcome.orderId,
        version,
        committedAt: performance.now(),
      });
    };
    const started = performance.now();
    // Each unit is a CreateOrder then a CompleteOrder of that order: two commits, both timed.
    const units = (o.ratePerSecond / 2) * o.seconds;
    const failed = await sendAtRate(client, o, units, track);
    const sentFor = (performance.now() - started) / 1000;
    await waitFor(() => pending.size === 0 || undefined, {
      timeoutMs: 30_000,
      description: "every commit to become visible",
    });
    await watcher.stop();
    const floor = summarize(await probe.stop());
    client.close();
    const lag = summarize(lags);
    const figures = {
      commandsPerSecond: (units * 2) / sentFor,
      timed: lag.count,
      failed,
      p50: lag.p50,
      p99: lag.p99,
      max: lags.length ? lag.max : 0,
      floorP50: floor.p50,
      floorP99: floor.p99,
    };
    o.log(
      `visible lag at ${figures.commandsPerSecond.toFixed(0)} commands/s for ${sentFor.toFixed(0)} s (${lag.count} commits timed, ${failed} failed): p50 ${lag.p50.toFixed(0)} ms, p99 ${lag.p99.toFixed(0)} ms, max ${figures.max.toFixed(0)} ms`,
    );
    o.log(
      `  floor meanwhile (one message through RabbitMQ, then one document into Meilisearch; ${floor.count} probes): p50 ${floor.p50.toFixed(0)} ms, p99 ${floor.p99.toFixed(0)} ms; lag p99 x${(lag.p99 / floor.p99).toFixed(2)} of the floor's`,
    );
    return figures;
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}
