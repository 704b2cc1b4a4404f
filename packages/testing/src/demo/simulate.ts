#!/usr/bin/env node
// `npm run demo`: places realistic orders through the gRPC API of a running system (npm start),
// spread over the last 12 months, then prints the monthly sales report through the query API.
import {
  OrderCommandService,
  ReportQueryService,
  SalesGroupBy,
  SalesRankBy,
} from "@orderlens/contracts";
import { createGrpcJsClient } from "@orderlens/server";

const env = process.env;
const orders = Number(env.DEMO_ORDERS ?? 20_000);
const products = Number(env.DEMO_PRODUCTS ?? 200);
const regions = (env.DEMO_REGIONS ?? "eu-west,eu-north,us-east,us-west,apac,latam").split(",");
const concurrency = Number(env.DEMO_CONCURRENCY ?? 32);
const commandAddress = env.DEMO_COMMAND ?? "localhost:50051";
const queryAddress = env.DEMO_QUERY ?? "localhost:50052";
const commandTimeHeader = "x-orderlens-command-time";

/** Deterministic pseudo-random numbers, so two demo runs tell the same story. */
function createRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = createRandom(Number(env.DEMO_SEED ?? 42));
// Request ids are unique per run: a rerun places new orders instead of replaying old ones.
const runId = Date.now().toString(36);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const catalogue = Array.from({ length: products }, (_, i) => ({
  productId: `sku-${String(i + 1).padStart(4, "0")}`,
  productName: `${pick(["Espresso", "Filter", "Cold brew", "Decaf", "Single origin"])} ${pick(["beans", "grinder", "kettle", "mug", "scale"])} ${i + 1}`,
  unitPriceMinor: BigInt(199 + Math.floor(random() * 20_000)),
}));

function progress(done: number, started: number) {
  const width = 30;
  const filled = Math.round((done / orders) * width);
  const rate = done / ((performance.now() - started) / 1000);
  process.stderr.write(
    `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round((done / orders) * 100)).padStart(3)}% ${done}/${orders} orders, ${rate.toFixed(0)} orders/s `,
  );
}

async function main() {
  const token = env.DEMO_TOKEN;
  const commands = createGrpcJsClient(OrderCommandService, commandAddress, token ? { token } : {});
  const queries = createGrpcJsClient(ReportQueryService, queryAddress, token ? { token } : {});
  const now = Date.now();
  const yearMs = 365 * 24 * 3_600_000;
  let next = 0;
  let done = 0;
  let failed = 0;
  let lastFailure = "";
  let last: { orderId: string; version: bigint } | undefined;
  const started = performance.now();
  process.stderr.write(
    `placing ${orders} orders (${products} products, ${regions.length} regions) through ${commandAddress}\n`,
  );
  const ticker = setInterval(() => progress(done, started), 200);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < orders) {
        const i = next++;
        const createdAt = now - yearMs + Math.floor(random() * (yearMs - 3_600_000));
        const lines = new Map<string, (typeof catalogue)[number]>();
        for (let k = 1 + Math.floor(random() * 4); k > 0; k--) {
          const p = pick(catalogue);
          lines.set(p.productId, p);
        }
        try {
          const at = (ms: number) => ({
            headers: { [commandTimeHeader]: new Date(ms).toISOString() },
          });
          const created = await commands.createOrder(
            {
              requestId: `demo-${runId}-${i}`,
              customerId: `cust-${1 + Math.floor(random() * 5_000)}`,
              region: pick(regions),
              currency: random() < 0.8 ? "EUR" : "USD",
              items: [...lines.values()].map((p) => ({
                ...p,
                quantity: 1 + Math.floor(random() * 3),
              })),
            },
            at(createdAt),
          );
          const orderId = created.outcome?.orderId ?? "";
          const fate = random();
          const later = createdAt + Math.floor(random() * 3_600_000);
          const end =
            fate < 0.7
              ? await commands.completeOrder({ orderId }, at(later))
              : fate < 0.85
                ? await commands.cancelOrder({ orderId, reason: "customer request" }, at(later))
                : created;
          last = { orderId, version: end.outcome?.version ?? 1n };
        } catch (error) {
          failed++;
          lastFailure = (error as Error).message;
        }
        done++;
      }
    }),
  );
  clearInterval(ticker);
  progress(done, started);
  process.stderr.write(`\n${failed} orders failed${failed ? ` (last: ${lastFailure})` : ""}\n`);
  if (failed === orders) {
    process.stderr.write(
      "every command failed: is `npm start` running, and does command-svc allow the demo's command times (ALLOW_CLIENT_COMMAND_TIME=true, which npm start sets)?\n",
    );
    process.exit(1);
  }
  if (last) {
    // Read-your-writes on the last command, then give the sync loop a moment for the reports.
    await queries.getOrder({
      orderId: last.orderId,
      minVersion: last.version,
      maxWait: { seconds: 10n, nanos: 0 },
    });
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const from = new Date(now - yearMs).toISOString().slice(0, 7);
  const to = new Date(now).toISOString().slice(0, 7);
  const report = await queries.getSalesReport({
    range: { case: "months", value: { from, to } },
    groupBy: SalesGroupBy.MONTH,
    rankBy: SalesRankBy.REVENUE,
  });
  process.stdout.write(
    `\nMonthly sales ${from} .. ${to} (${report.basis}; time zone ${report.timeZone})\n`,
  );
  process.stdout.write(
    `${"month".padEnd(9)}${"currency".padEnd(10)}${"orders".padStart(8)}${"units".padStart(9)}${"revenue".padStart(16)}\n`,
  );
  for (const r of report.rows) {
    const revenue = (Number(r.revenueMinor) / 100).toLocaleString("en-US", {
      minimumFractionDigits: 2,
    });
    process.stdout.write(
      `${r.key.padEnd(9)}${r.currency.padEnd(10)}${String(r.orderCount).padStart(8)}${String(r.quantity).padStart(9)}${revenue.padStart(16)}\n`,
    );
  }
  for (const t of report.totals) {
    const revenue = (Number(t.revenueMinor) / 100).toLocaleString("en-US", {
      minimumFractionDigits: 2,
    });
    process.stdout.write(
      `${"total".padEnd(9)}${t.currency.padEnd(10)}${String(t.orderCount).padStart(8)}${String(t.quantity).padStart(9)}${revenue.padStart(16)}\n`,
    );
  }
  commands.close();
  queries.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`\ndemo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
