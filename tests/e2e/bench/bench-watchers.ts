#!/usr/bin/env node
// Live report fan-out: 1,000 WatchSalesReport streams on one query-svc while orders flow at
// 200 commands/s, the whole system as processes (command-svc, projector, query-svc over MariaDB,
// RabbitMQ and the Meilisearch stand-in, or MEILI_URL's server through the harness switch).
//
// Fan-out latency is from the projection's commit to a client's receipt: the bench listens to the
// projector's change notices itself (a notice is sent once Meilisearch has applied a pass), and a
// watcher message reflecting position p is timed from the notice that announced p. Updates are
// paced to WATCH_MAX_UPDATES_PER_SECOND per stream, so up to one pacing gap is part of it.
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { fromBinary } from "@bufbuild/protobuf";
import {
  ReadModelChangedSchema,
  ReportQueryService,
  SalesGroupBy,
  type WatchSalesReportResponse,
} from "@orderlens/contracts";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import { summarize } from "@orderlens/testing";
import amqp from "amqplib";
import { type System, startSystem, tokens } from "../src/system-harness.js";
import { cpuMs, rssBytes } from "./process-usage.js";

const watcherCount = Number(process.env.BENCH_WATCHERS ?? 1_000);
const commandsPerSecond = Number(process.env.BENCH_RATE ?? 200);
const flowSeconds = Number(process.env.BENCH_SECONDS ?? 30);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const streamsPerChannel = 100;
const thisMonth = new Date().toISOString().slice(0, 7);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** When the bench heard of each position: the projection's commit, as the notices announce it. */
async function listenToNotices(system: System) {
  const committedAt = new Map<number, number>();
  const connection = await amqp.connect(
    process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672",
  );
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, system.noticesExchange, "");
  await channel.consume(
    queue,
    (msg) => {
      if (!msg) return;
      const position = Number(fromBinary(ReadModelChangedSchema, msg.content).position);
      if (!committedAt.has(position)) committedAt.set(position, performance.now());
    },
    { noAck: true },
  );
  return { committedAt, close: () => connection.close() };
}

interface Watchers {
  /** Messages received per watcher, after the first. */
  updates: number;
  latenciesMs: number[];
  opened: Promise<void>;
  close(): void;
}

function openWatchers(system: System, committedAt: Map<number, number>): Watchers {
  const clients: GrpcJsClient<typeof ReportQueryService>[] = [];
  for (let i = 0; i < Math.ceil(watcherCount / streamsPerChannel); i++) {
    clients.push(
      createGrpcJsClient(ReportQueryService, `127.0.0.1:${system.ports.query}`, {
        token: tokens.reader,
      }),
    );
  }
  const abort = new AbortController();
  // One signal cancels every stream; each listens to it.
  setMaxListeners(watcherCount + 10, abort.signal);
  const state: Watchers = {
    updates: 0,
    latenciesMs: [],
    opened: Promise.resolve(),
    close() {
      abort.abort();
      for (const c of clients) c.close();
    },
  };
  let firsts = 0;
  let allOpen!: () => void;
  state.opened = new Promise((resolve) => {
    allOpen = resolve;
  });
  const request = {
    report: {
      range: { case: "months" as const, value: { from: thisMonth, to: thisMonth } },
      groupBy: SalesGroupBy.PRODUCT,
    },
  };
  const watch = async (client: GrpcJsClient<typeof ReportQueryService>) => {
    let first = true;
    try {
      for await (const m of client.watchSalesReport(request, { signal: abort.signal })) {
        if (first) {
          first = false;
          if (++firsts === watcherCount) allOpen();
          continue;
        }
        onUpdate(m);
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  };
  const onUpdate = (m: WatchSalesReportResponse) => {
    state.updates++;
    const committed = committedAt.get(Number(m.position));
    if (committed !== undefined) state.latenciesMs.push(performance.now() - committed);
  };
  for (let i = 0; i < watcherCount; i++) {
    void watch(
      clients[Math.floor(i / streamsPerChannel)] as GrpcJsClient<typeof ReportQueryService>,
    );
  }
  return state;
}

/** Open loop: a create or a complete every 1/rate s, whatever became of the ones before. */
async function flowOrders(system: System, phase: string, seconds: number) {
  const pending: string[] = [];
  let sent = 0;
  let failed = 0;
  const errors = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  const start = performance.now();
  const gapMs = 1000 / commandsPerSecond;
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const due = start + i * gapMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const orderId = i % 2 === 1 ? pending.shift() : undefined;
    const call = orderId
      ? system.commands.completeOrder({ orderId, expectedVersion: 1n })
      : system.commands
          .createOrder({
            requestId: `bench-watch-${phase}-${i}`,
            customerId: `c-${i % 50}`,
            region: ["eu-west", "us-east", "ap-south"][i % 3] ?? "eu-west",
            currency: "EUR",
            items: [
              {
                productId: `sku-${i % 20}`,
                productName: `Product ${i % 20}`,
                quantity: 1 + (i % 3),
                unitPriceMinor: 1_000n + BigInt(i % 7) * 100n,
              },
            ],
          })
          .then((r) => pending.push(r.outcome?.orderId ?? ""));
    sent++;
    const p = call
      .catch((error: unknown) => {
        failed++;
        const code = String((error as { code?: unknown }).code ?? (error as Error).message);
        errors.set(code, (errors.get(code) ?? 0) + 1);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return { sent, failed, errors, seconds: (performance.now() - start) / 1000 };
}

async function cpuOver(pid: number, seconds: number): Promise<number> {
  const before = await cpuMs(pid);
  await sleep(seconds * 1000);
  return ((await cpuMs(pid)) - before) / seconds;
}

async function main() {
  log(
    `bench:watchers: ${watcherCount} WatchSalesReport streams, orders at ${commandsPerSecond} commands/s for ${flowSeconds} s`,
  );
  const system = await startSystem("bench watchers");
  const notices = await listenToNotices(system);
  try {
    await flowOrders(system, "warm-up", 1); // this month's report exists before anyone watches
    await sleep(1_000);
    const pid = system.pids.query;
    const idleNone = await cpuOver(pid, idleSeconds);
    const rssNone = await rssBytes(pid);
    const watchers = openWatchers(system, notices.committedAt);
    await watchers.opened;
    await sleep(1_000);
    const rssAll = await rssBytes(pid);
    const idleAll = await cpuOver(pid, idleSeconds);
    const idleUpdates = watchers.updates;
    const cpuBefore = await cpuMs(pid);
    const flow = await flowOrders(system, "flow", flowSeconds);
    await sleep(1_000);
    const cpuFlow = (await cpuMs(pid)) - cpuBefore;
    const updates = watchers.updates - idleUpdates;
    watchers.close();
    const lat = summarize(watchers.latenciesMs);
    const fmt = (n: number, d = 1) => n.toFixed(d);
    log("");
    log("phase                        figure");
    log(`idle, no watchers           query-svc CPU ${fmt(idleNone, 2)} ms/s`);
    log(
      `idle, ${watcherCount} watchers        query-svc CPU ${fmt(idleAll, 2)} ms/s, ${idleUpdates} updates sent`,
    );
    log(
      `memory                       ${fmt((rssAll - rssNone) / watcherCount / 1024, 1)} KiB RSS per watcher (${fmt(rssNone / 2 ** 20)} MiB -> ${fmt(rssAll / 2 ** 20)} MiB)`,
    );
    log(
      `orders flowing               ${flow.sent} commands in ${fmt(flow.seconds)} s (${fmt(flow.sent / flow.seconds, 0)}/s), ${flow.failed} failed ${JSON.stringify(Object.fromEntries(flow.errors))}`,
    );
    log(
      `updates                      ${updates} received (${fmt(updates / watcherCount / flow.seconds, 2)} per watcher per s), ${lat.count} timed`,
    );
    log(
      `fan-out latency              p50 ${fmt(lat.p50)} ms, p99 ${fmt(lat.p99)} ms, max ${fmt(lat.max)} ms (target p99 <= 1000 ms)`,
    );
    log(
      `CPU per update per watcher   ${fmt((cpuFlow * 1000) / Math.max(updates, 1), 1)} µs of query-svc CPU (${fmt(cpuFlow / flow.seconds, 0)} ms/s in all)`,
    );
    log(
      `watchers: ${watcherCount} streams, fan-out p50 ${fmt(lat.p50, 0)} ms, p99 ${fmt(lat.p99, 0)} ms, ${fmt((cpuFlow * 1000) / Math.max(updates, 1), 1)} µs CPU per update per watcher, ${fmt((rssAll - rssNone) / watcherCount / 1024, 1)} KiB per watcher, idle CPU ${fmt(idleAll, 2)} ms/s vs ${fmt(idleNone, 2)} ms/s with none`,
    );
    if (flow.failed > 0 || lat.count === 0) process.exitCode = 1;
  } finally {
    await notices.close();
    await system.stop();
  }
}

await main();
