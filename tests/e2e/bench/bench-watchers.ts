#!/usr/bin/env node
// Live report fan-out: 1,000 WatchSalesReport streams on one query-svc while orders flow at
// 200 commands/s, the whole system as processes (command-svc, projector, query-svc over MariaDB,
// RabbitMQ and the Meilisearch stand-in, or MEILI_URL's server through the harness switch).
//
// Fan-out latency is from the projection's commit to a client's receipt: the bench listens to the
// projector's change notices itself (a notice is sent once Meilisearch has applied a pass), and a
// watcher message reflecting position p is timed from the notice that announced p. Updates are
// paced to WATCH_MAX_UPDATES_PER_SECOND per stream, so up to one pacing gap is part of it.
//
// The machines are shared, so the targets are ratios to a reference measured in the same run: a
// bare @grpc/grpc-js server in a process of its own streaming the same message, byte for byte, to
// as many streams over as many channels, at the rate the watchers were updated, while orders flow
// again at the same rate, watched by the same clients (bare-fan-out-server.ts). Latency there is
// from the bench's order to send to a client's receipt. Absolute figures are for reading only.
// The last line is the ratio line scripts read.
import { setTimeout as sleep } from "node:timers/promises";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { ReadModelChangedSchema, WatchSalesReportResponseSchema } from "@orderlens/contracts";
import { summarize } from "@orderlens/testing";
import amqp from "amqplib";
import { type System, startSystem, tokens } from "../src/system-harness.js";
import { startBareFanOut } from "./bare-fan-out.js";
import { cpuMs, rssBytes } from "./process-usage.js";
import { openWatchStreams, type WatchStreams } from "./watch-streams.js";

const watcherCount = Number(process.env.BENCH_WATCHERS ?? 1_000);
const commandsPerSecond = Number(process.env.BENCH_RATE ?? 200);
const flowSeconds = Number(process.env.BENCH_SECONDS ?? 30);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const referenceSeconds = Number(process.env.BENCH_REFERENCE_SECONDS ?? 10);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** The targets, as multiples of the bare grpc-js fan-out's figures. */
const targets = { p99OfBare: 10, cpuOfBare: 15 };

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

/** This process's CPU time so far, ms: the clients, the orders and the notices all run here. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A fan-out phase's figures: latency, and the server's CPU per update per watcher. */
interface FanOut {
  latency: ReturnType<typeof summarize>;
  updates: number;
  seconds: number;
  cpuMs: number;
  /** µs of the server's CPU per message received by a watcher. */
  cpuPerUpdateUs: number;
  /** The bench's own CPU over the phase, ms: if it is near 1,000 a second, it is the bottleneck. */
  benchCpuMs: number;
}

function fanOut(
  streams: WatchStreams,
  updates: number,
  cpu: { server: number; bench: number },
  seconds: number,
): FanOut {
  const latency = summarize(streams.latenciesMs);
  return {
    latency,
    updates,
    seconds,
    cpuMs: cpu.server,
    cpuPerUpdateUs: (cpu.server * 1000) / Math.max(updates, 1),
    benchCpuMs: cpu.bench,
  };
}

/** query-svc's watchers while orders flow, after its CPU and memory idle with none and with all. */
async function querySvcPhase(system: System, committedAt: Map<number, number>) {
  const pid = system.pids.query;
  const idleNone = await cpuOver(pid, idleSeconds);
  const rssNone = await rssBytes(pid);
  const watchers = openWatchStreams({
    address: `127.0.0.1:${system.ports.query}`,
    token: tokens.reader,
    count: watcherCount,
    announcedAt: (m) => committedAt.get(Number(m.position)),
  });
  await watchers.opened;
  await sleep(1_000);
  const rssAll = await rssBytes(pid);
  const idleAll = await cpuOver(pid, idleSeconds);
  const idleUpdates = watchers.updates;
  const cpuBefore = await cpuMs(pid);
  const benchBefore = ownCpuMs();
  const flow = await flowOrders(system, "flow", flowSeconds);
  await sleep(1_000);
  const cpu = { server: (await cpuMs(pid)) - cpuBefore, bench: ownCpuMs() - benchBefore };
  watchers.close();
  const figures = fanOut(watchers, watchers.updates - idleUpdates, cpu, flow.seconds);
  const message = watchers.last && toBinary(WatchSalesReportResponseSchema, watchers.last);
  return {
    idleNone,
    idleAll,
    idleUpdates,
    rssNone,
    rssAll,
    flow,
    figures,
    message,
    channels: watchers.channels,
  };
}

/**
 * The bare fan-out of `message` to as many streams, `perSecond` updates a second for
 * referenceSeconds, while orders flow again at the same rate so both phases share the machine
 * alike. Each stream's n-th update is timed from the bench's n-th request to send one.
 */
async function bareFanOutPhase(system: System, message: Uint8Array, perSecond: number) {
  const bare = await startBareFanOut(message);
  const sentAt: number[] = [];
  const streams = openWatchStreams({
    address: `127.0.0.1:${bare.port}`,
    token: tokens.reader,
    count: watcherCount,
    announcedAt: (_, n) => sentAt[n - 1],
  });
  try {
    await streams.opened;
    const cpuBefore = await bare.cpuMs();
    const benchBefore = ownCpuMs();
    const started = performance.now();
    const [flow] = await Promise.all([
      flowOrders(system, "reference", referenceSeconds),
      paceUpdates(() => {
        sentAt.push(performance.now());
        bare.update();
      }, perSecond),
    ]);
    await sleep(1_000);
    const cpu = { server: (await bare.cpuMs()) - cpuBefore, bench: ownCpuMs() - benchBefore };
    const seconds = (performance.now() - started) / 1000 - 1;
    return { figures: fanOut(streams, streams.updates, cpu, seconds), sent: sentAt.length, flow };
  } finally {
    streams.close();
    await bare.stop();
  }
}

/** Calls `update` `perSecond` times a second for referenceSeconds, on a fixed schedule. */
async function paceUpdates(update: () => void, perSecond: number): Promise<void> {
  const start = performance.now();
  for (let i = 0; i * 1000 < referenceSeconds * 1000 * perSecond; i++) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    update();
  }
}

const fmt = (n: number, d = 1) => n.toFixed(d);

type QuerySvcPhase = Awaited<ReturnType<typeof querySvcPhase>>;
type BarePhase = Awaited<ReturnType<typeof bareFanOutPhase>>;
type Flow = QuerySvcPhase["flow"];

function flowLine(label: string, flow: Flow): string {
  return `${label.padEnd(29)}${flow.sent} commands in ${fmt(flow.seconds)} s (${fmt(flow.sent / flow.seconds, 0)}/s), ${flow.failed} failed ${JSON.stringify(Object.fromEntries(flow.errors))}`;
}

function printQuerySvc(q: QuerySvcPhase): void {
  const f = q.figures;
  log("");
  log("query-svc                    figure");
  log(`idle, no watchers            query-svc CPU ${fmt(q.idleNone, 2)} ms/s`);
  log(
    `idle, ${watcherCount} watchers${" ".repeat(Math.max(1, 14 - String(watcherCount).length))}query-svc CPU ${fmt(q.idleAll, 2)} ms/s, ${q.idleUpdates} updates sent`,
  );
  log(
    `memory                       ${fmt((q.rssAll - q.rssNone) / watcherCount / 1024, 1)} KiB RSS per watcher (${fmt(q.rssNone / 2 ** 20)} MiB -> ${fmt(q.rssAll / 2 ** 20)} MiB)`,
  );
  log(flowLine("orders flowing", q.flow));
  log(
    `updates                      ${f.updates} received (${fmt(f.updates / watcherCount / f.seconds, 2)} per watcher per s), ${f.latency.count} timed`,
  );
  log(
    `fan-out latency              p50 ${fmt(f.latency.p50)} ms, p99 ${fmt(f.latency.p99)} ms, max ${fmt(f.latency.max)} ms (notice -> receipt)`,
  );
  log(
    `CPU per update per watcher   ${fmt(f.cpuPerUpdateUs)} µs of query-svc CPU (${fmt(f.cpuMs / f.seconds, 0)} ms/s in all)`,
  );
  log(benchCpuLine(f));
}

function benchCpuLine(f: FanOut): string {
  return `the bench's own CPU          ${fmt(f.benchCpuMs / f.seconds, 0)} ms/s (clients, orders, notices)`;
}

function printReference(b: BarePhase, bytes: number, channels: number, perSecond: number): void {
  const f = b.figures;
  log("");
  log(
    `reference: a bare @grpc/grpc-js server in a process of its own streaming the same ${bytes}-byte message to ${watcherCount} streams over ${channels} channel${channels === 1 ? "" : "s"}, ${fmt(perSecond, 2)} updates/s for ${referenceSeconds} s, while orders flow again, watched by the same clients`,
  );
  log(flowLine("orders flowing", b.flow));
  log(
    `updates                      ${f.updates} received of ${b.sent * watcherCount} sent, ${f.latency.count} timed`,
  );
  log(
    `fan-out latency              p50 ${fmt(f.latency.p50)} ms, p99 ${fmt(f.latency.p99)} ms, max ${fmt(f.latency.max)} ms (send -> receipt)`,
  );
  log(
    `CPU per update per watcher   ${fmt(f.cpuPerUpdateUs, 2)} µs of the bare server's CPU (${fmt(f.cpuMs / f.seconds, 0)} ms/s in all)`,
  );
  log(benchCpuLine(f));
}

const met = (ok: boolean) => (ok ? "met" : "NOT MET");

/** The targets as multiples of the reference, then the ratio line, last. */
function printRatios(q: FanOut, bare: FanOut): void {
  const p99 = q.latency.p99 / bare.latency.p99;
  const cpu = q.cpuPerUpdateUs / bare.cpuPerUpdateUs;
  log("");
  log(
    `targets (multiples of the bare fan-out): fan-out p99 <= x${targets.p99OfBare}: x${fmt(p99)}, ${met(p99 <= targets.p99OfBare)}; CPU per update per watcher <= x${targets.cpuOfBare}: x${fmt(cpu)}, ${met(cpu <= targets.cpuOfBare)}`,
  );
  log(
    `watchers: fan-out p99 x${fmt(p99)} of a bare grpc-js stream fan-out (${fmt(q.latency.p99, 0)} ms vs ${fmt(bare.latency.p99, 0)} ms), CPU per update per watcher x${fmt(cpu)} of it (${fmt(q.cpuPerUpdateUs)} µs vs ${fmt(bare.cpuPerUpdateUs, 2)} µs), ${watcherCount} streams`,
  );
}

async function main() {
  log(
    `bench:watchers: ${watcherCount} WatchSalesReport streams, orders at ${commandsPerSecond} commands/s for ${flowSeconds} s, then the bare grpc-js fan-out for ${referenceSeconds} s`,
  );
  const system = await startSystem("bench watchers");
  const notices = await listenToNotices(system);
  try {
    await flowOrders(system, "warm-up", 1); // this month's report exists before anyone watches
    await sleep(1_000);
    const q = await querySvcPhase(system, notices.committedAt);
    printQuerySvc(q);
    if (!q.message) throw new Error("no watcher received an update: nothing to compare");
    const perSecond = Math.max(1, q.figures.updates / watcherCount / q.figures.seconds);
    const bare = await bareFanOutPhase(system, q.message, perSecond);
    printReference(bare, q.message.length, q.channels, perSecond);
    const failed = q.flow.failed + bare.flow.failed;
    const lost = bare.sent * watcherCount - bare.figures.updates;
    if (failed > 0 || lost > 0 || q.figures.latency.count === 0) {
      log(`${failed} commands failed, ${lost} bare updates lost: these figures do not count`);
      process.exitCode = 1;
    }
    printRatios(q.figures, bare.figures);
  } finally {
    await notices.close();
    await system.stop();
  }
}

await main();
