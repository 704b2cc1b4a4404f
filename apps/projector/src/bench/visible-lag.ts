import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { OrderCommandService } from "@orderlens/contracts";
import { toDocumentId } from "@orderlens/read-model";
import { createGrpcJsClient } from "@orderlens/server";
import { getFreePort, waitFor } from "@orderlens/testing";

export interface LagOptions {
  eventsUrl: string;
  amqpUrl: string;
  prefix: string;
  meiliUrl: string;
  ratePerSecond: number;
  seconds: number;
  log: (line: string) => void;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Commit-to-visible lag: command-svc (a separate process, as deployed) takes CreateOrder and
 * CompleteOrder at a steady rate; a watcher fetches the pending orders' documents from the
 * orders index every 20 ms and records when each reply's version becomes visible there, which is
 * what query-svc's GetOrder reads.
 */
export async function measureVisibleLag(o: LagOptions): Promise<void> {
  const port = await getFreePort();
  const cli = fileURLToPath(new URL("../../../command-svc/dist/cli.js", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [cli, "serve"], {
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
  try {
    await waitFor(
      async () =>
        (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok || undefined,
      {
        timeoutMs: 30_000,
        description: "command-svc to be ready",
      },
    );
    const client = createGrpcJsClient(OrderCommandService, `127.0.0.1:${port}`);
    // Keyed by order and version: a completion may commit before its creation becomes visible.
    const pending = new Map<string, { orderId: string; version: number; committedAt: number }>();
    const lags: number[] = [];
    let failed = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching || pending.size > 0) {
        const ids = [...new Set([...pending.values()].map((p) => p.orderId))].slice(0, 1_000);
        if (ids.length > 0) {
          const res = await fetch(`${o.meiliUrl}/indexes/orders/documents/fetch`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              ids: ids.map(toDocumentId),
              fields: ["orderId", "version"],
              limit: 1_000,
            }),
          });
          const now = performance.now();
          if (res.ok) {
            const body = (await res.json()) as { results: { orderId: string; version: number }[] };
            const visible = new Map(body.results.map((d) => [d.orderId, d.version]));
            for (const [key, p] of pending) {
              if ((visible.get(p.orderId) ?? 0) >= p.version) {
                lags.push(now - p.committedAt);
                pending.delete(key);
              }
            }
          }
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const started = performance.now();
    // Each unit is a CreateOrder then a CompleteOrder of that order: two commits, both timed.
    const units = (o.ratePerSecond / 2) * o.seconds;
    const total = units * 2;
    const track = (outcome: { orderId: string; version: bigint } | undefined) => {
      if (!outcome) return;
      const version = Number(outcome.version);
      pending.set(`${outcome.orderId}@${version}`, {
        orderId: outcome.orderId,
        version,
        committedAt: performance.now(),
      });
    };
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
    const sentFor = (performance.now() - started) / 1000;
    await waitFor(() => pending.size === 0 || undefined, {
      timeoutMs: 30_000,
      description: "every commit to become visible",
    });
    watching = false;
    await watcher;
    client.close();
    const sorted = lags.sort((a, b) => a - b);
    o.log(
      `visible lag at ${(total / sentFor).toFixed(0)} commands/s for ${sentFor.toFixed(0)} s (${sorted.length} commits timed, ${failed} failed): p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms (target p99 <= 1000 ms)`,
    );
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}
