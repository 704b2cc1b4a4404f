#!/usr/bin/env node
// Drain benchmark: N orders (4 events each) are committed to a fresh event store and queued on
// RabbitMQ as the relay would; then a projector process starts and we time it until every event
// is applied and every document pushed, and check the result with verify (a full replay).
// Then Rebuild replays the whole store into a new index generation, and verify runs again.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import {
  createTopology,
  declareTopology,
  headers,
  partitionOf,
  protobufContentType,
} from "@orderlens/bus";
import { ProjectorAdmin } from "@orderlens/contracts";
import type { OrderEvent } from "@orderlens/domain";
import {
  createDatabase,
  ensureDatabaseExists,
  migrateToLatest,
  readEventsAfter,
  uuidV7,
} from "@orderlens/event-store";
import { encodeEnvelope, eventTypeName, payloadToJson } from "@orderlens/order-events";
import { createIndexNames } from "@orderlens/read-model";
import { createGrpcJsClient } from "@orderlens/server";
import { getFreePort, waitFor } from "@orderlens/testing";
import { silentLogger, startMeiliStandIn } from "@orderlens/testing/meili";
import amqp from "amqplib";
import { Meilisearch } from "meilisearch";
import mysql from "mysql2/promise";
import { verifyProjection } from "../verify/verify-projection.js";
import { measureVisibleLag } from "./visible-lag.js";

const orders = Number(process.env.BENCH_ORDERS ?? 50_000);
const run = randomBytes(3).toString("hex");
const server = new URL(
  process.env.MYSQL_URL ?? "mysql://orderlens_dev:orderlens-dev@127.0.0.1:3306",
);
const dbUrl = (name: string) => {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
};
const eventsUrl = dbUrl(`bench_proj_events_${run}`);
const readUrl = dbUrl(`bench_proj_read_${run}`);
const amqpUrl = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const prefix = `bench.proj.${run}`;
const log = (msg: string) => process.stdout.write(`${msg}\n`);

const regions = ["eu-west", "eu-north", "us-east", "us-west", "apac", "latam"];
function history(i: number): OrderEvent[] {
  const orderId = `bench-${run}-${i}`;
  const t = Date.UTC(2026, i % 12, 1 + (i % 28), 10);
  const item = (p: number) => ({
    productId: `sku-${p}`,
    productName: `Product ${p}`,
    quantity: 1 + (p % 4),
    unitPriceMinor: 500 + (p % 50) * 10,
  });
  const events: OrderEvent[] = [
    {
      type: "OrderCreated",
      orderId,
      customerId: `c-${i % 5_000}`,
      region: regions[i % 6] ?? "eu-west",
      currency: i % 5 === 0 ? "USD" : "EUR",
      items: [item(i % 200), item((i + 7) % 200)],
      createdAt: t,
    },
    { type: "ItemAdded", orderId, item: item((i + 13) % 200), at: t + 60_000 },
    { type: "ItemRemoved", orderId, productId: `sku-${(i + 7) % 200}`, at: t + 120_000 },
  ];
  const total = [item(i % 200), item((i + 13) % 200)].reduce(
    (s, it) => s + it.quantity * it.unitPriceMinor,
    0,
  );
  events.push(
    i % 5 === 4
      ? { type: "OrderCancelled", orderId, reason: "bench", cancelledAt: t + 180_000 }
      : { type: "OrderCompleted", orderId, totalMinor: total, completedAt: t + 180_000 },
  );
  return events;
}

async function seed(): Promise<number> {
  await ensureDatabaseExists(eventsUrl);
  const { db } = createDatabase({ url: eventsUrl, connectionLimit: 4 });
  await migrateToLatest(db);
  const conn = await mysql.createConnection({ uri: eventsUrl, timezone: "Z" });
  const started = performance.now();
  for (let from = 0; from < orders; from += 1_000) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(orders, from + 1_000); i++) {
      for (const [v, e] of history(i).entries()) {
        const payload = JSON.stringify(payloadToJson(e));
        rows.push([e.orderId, v + 1, uuidV7(), eventTypeName(e.type), payload, "{}", new Date()]);
      }
    }
    await conn.query(
      "INSERT INTO events (stream_id, stream_version, event_id, type, payload, metadata, occurred_at) VALUES ?",
      [rows],
    );
  }
  await conn.end();
  log(
    `seeded ${orders} orders (${orders * 4} events) in the event store in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  // Queue them as the relay would: position order, envelope, headers, partition routing.
  const topology = createTopology({ prefix, partitions: 8 });
  const amqpConn = await amqp.connect(amqpUrl);
  const ch = await amqpConn.createConfirmChannel();
  await declareTopology(ch, topology);
  let after = 0;
  let queued = 0;
  const t0 = performance.now();
  for (;;) {
    const chunk = await readEventsAfter(db, after, 2_000);
    if (chunk.length === 0) break;
    for (const e of chunk) {
      const type = eventTypeName(e.event.type);
      const ok = ch.publish(
        topology.eventsExchange,
        topology.routingKey(partitionOf(e.orderId, 8), type),
        Buffer.from(encodeEnvelope(e)),
        {
          persistent: true,
          messageId: e.eventId,
          type,
          contentType: protobufContentType,
          headers: {
            [headers.orderId]: e.orderId,
            [headers.version]: e.version,
            [headers.position]: e.position,
          },
        },
      );
      if (!ok) await once(ch, "drain");
      after = e.position;
      queued++;
    }
    await ch.waitForConfirms();
  }
  await amqpConn.close();
  await db.destroy();
  log(`queued ${queued} events on RabbitMQ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return queued;
}

async function main() {
  log(`bench:projector  ${orders} orders, 8 partitions, Meilisearch stand-in`);
  const meili = await startMeiliStandIn({ port: 0, logger: silentLogger });
  let child: ChildProcess | undefined;
  try {
    const total = await seed();
    const port = await getFreePort();
    const cli = fileURLToPath(new URL("../cli.js", import.meta.url));
    const started = performance.now();
    child = spawn(process.execPath, [cli, "serve"], {
      env: {
        ...process.env,
        PROJECTOR_PORT: String(port),
        PROJECTOR_HOST: "127.0.0.1",
        MYSQL_URL: eventsUrl,
        PROJECTOR_MYSQL_URL: readUrl,
        AMQP_URL: amqpUrl,
        AMQP_PREFIX: prefix,
        MEILI_URL: meili.url,
        ORDERLENS_AUTH_DISABLED: "true",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const read = await (async () => {
      await waitFor(
        async () =>
          (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok || undefined,
        { timeoutMs: 30_000 },
      );
      return mysql.createConnection({ uri: readUrl });
    })();
    let applied = 0;
    let drainedAt = 0;
    const ticker = setInterval(
      () =>
        log(
          `  t=${((performance.now() - started) / 1000).toFixed(0)}s applied ${applied}/${total}`,
        ),
      2_000,
    );
    await waitFor(
      async () => {
        const [[progress], [dirty]] = await Promise.all([
          read
            .query("SELECT COALESCE(SUM(applied_events), 0) AS n FROM projector_progress")
            .then(([r]) => r as { n: number }[]),
          read
            .query(
              "SELECT (SELECT COUNT(*) FROM projected_orders WHERE dirty) + (SELECT COUNT(*) FROM sales_month_product WHERE dirty) + (SELECT COUNT(*) FROM sales_month_region WHERE dirty) + (SELECT COUNT(*) FROM sales_daily WHERE dirty) AS n",
            )
            .then(([r]) => r as { n: number }[]),
        ]);
        applied = Number(progress?.n ?? 0);
        if (applied >= total && !drainedAt) drainedAt = performance.now();
        return applied >= total && Number(dirty?.n ?? 1) === 0 ? true : undefined;
      },
      { timeoutMs: 30 * 60_000, intervalMs: 100, description: "the projection to drain" },
    ).finally(() => clearInterval(ticker));
    const convergedAt = performance.now();
    await read.end();
    const report = await verifyProjection({
      eventStore: createDatabase({ url: eventsUrl, connectionLimit: 2 }).db,
      meili: new Meilisearch({ host: meili.url }),
      indexes: createIndexNames(""),
      timeZone: "UTC",
    });
    const applySeconds = (drainedAt - started) / 1000;
    const convergeSeconds = (convergedAt - started) / 1000;
    log("");
    log(
      `applied ${total} events in ${applySeconds.toFixed(1)} s: ${(total / applySeconds).toFixed(0)} events/s (all in MySQL read schema)`,
    );
    log(
      `converged (every document pushed) in ${convergeSeconds.toFixed(1)} s: ${(total / convergeSeconds).toFixed(0)} events/s (target >= 5000)`,
    );
    log(
      `verify: ${report.clean ? "clean" : "DIFFERENT"}, ${report.documentsChecked} documents checked, ${report.differenceCount} differences`,
    );
    // Rebuild: the whole event store into a new index generation, swapped in.
    const admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${port}`);
    const rebuildStarted = performance.now();
    const rebuilt = await admin.rebuild({});
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    const afterRebuild = await admin.verify({});
    admin.close();
    log(
      `rebuild: ${rebuilt.eventsReplayed} events replayed, ${rebuilt.documentsWritten} documents written to generation ${rebuilt.generation} and swapped in, in ${rebuildSeconds.toFixed(1)} s; verify after: ${afterRebuild.clean ? "clean" : "DIFFERENT"}`,
    );
    process.exitCode = report.clean && afterRebuild.clean ? 0 : 1;
    const lagSeconds = Number(process.env.BENCH_LAG_SECONDS ?? 20);
    if (lagSeconds > 0) {
      log("");
      await measureVisibleLag({
        eventsUrl,
        amqpUrl,
        prefix,
        meiliUrl: meili.url,
        ratePerSecond: 500,
        seconds: lagSeconds,
        log,
      });
    }
  } finally {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
    await meili.close();
    const admin = await mysql.createConnection({ uri: server.toString() });
    await admin.query(`DROP DATABASE IF EXISTS \`bench_proj_events_${run}\``);
    await admin.query(`DROP DATABASE IF EXISTS \`bench_proj_read_${run}\``);
    await admin.end();
    const conn = await amqp.connect(amqpUrl);
    const topology = createTopology({ prefix, partitions: 8 });
    for (const name of topology.names()) {
      const ch = await conn.createChannel();
      ch.on("error", () => {});
      await ch.deleteQueue(name).catch(() => {});
      await ch.deleteExchange(name).catch(() => {});
      await ch.close().catch(() => {});
    }
    await conn.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
