#!/usr/bin/env node
// Why CQRS, measured: the same checkout writes and monthly reports against orderlens and against
// the single-database design it replaces (orders, order_lines, GROUP BY), on the same MariaDB,
// after the same orders. Both are seeded, their reports must agree row for row, then each phase
// runs on both, interleaved: writes alone at a fixed offered rate, writes while report clients
// ask for the dashboard's month (top products, region split) at concurrency 4 and 16, and the
// analyst's twelve-month report cold and warm.
// After one seeding it measures twice: with every process on both cores, then with the write side
// (MariaDB, RabbitMQ, command-svc) and the read side (Meilisearch, query-svc, projector) pinned
// to separate cores, to approximate separate machines (BENCH_PIN=shared|split|both, default both).
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  benchMeiliEngines,
  createTestDatabase,
  packageBin,
  percentile,
  sortAscending,
  startBenchMeili,
  summarize,
  waitFor,
} from "@orderlens/testing";
import mysql from "mysql2/promise";
import { npmStartSettings, type System, startSystem } from "../src/system-harness.js";
import {
  bulkLoadOrders,
  createBaselineSchema,
  type ReportRow,
} from "./isolation/baseline-store.js";
import {
  benchMix,
  type IsolationOrder,
  isolationOrder,
  mixOrders,
} from "./isolation/isolation-orders.js";
import { type ChartSeries, latencyChartSvg } from "./isolation/latency-chart.js";
import { closedLoop, openLoop, type WriteSample } from "./isolation/load-loops.js";
import { appendOrderEvents } from "./isolation/orderlens-seed.js";
import { reportDifferences } from "./isolation/report-agreement.js";
import { baselineSystem, orderlensSystem, type SystemUnderTest } from "./isolation/systems.js";

const orders = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const phaseSeconds = Number(process.env.BENCH_PHASE_SECONDS ?? 30);
const writeRate = Number(process.env.BENCH_WRITE_RATE ?? 300);
/** Products per currency in the timed month report, as the dashboard's overview shows. */
const topN = 20;
type PinMode = "shared" | "split";
const pin = process.env.BENCH_PIN?.trim() || "both";
if (!["shared", "split", "both"].includes(pin))
  throw new Error(`BENCH_PIN must be shared, split or both, got ${JSON.stringify(pin)}`);
/** Both: one seeding, then the shared run and the pinned one (whose ratios end the output). */
const pinModes: PinMode[] = pin === "both" ? ["shared", "split"] : [pin as PinMode];
const chartDir = process.env.BENCH_CHART_DIR ?? ".";
const log = (line: string) => process.stdout.write(`${line}\n`);
const run = promisify(execFile);

const { mix, months } = benchMix("iso");
const lastMonth = mix.lastMonth;

/** A progress line every tenth. */
function progress(what: string, total: number) {
  const started = performance.now();
  let shown = 0;
  return (done: number) => {
    if (done < total && done < ((shown + 1) * total) / 10) return;
    shown = Math.floor((done * 10) / total);
    const bar = "#".repeat(shown).padEnd(10, ".");
    log(
      `  ${what} [${bar}] ${done}/${total} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  };
}

async function seedBaseline(pool: mysql.Pool): Promise<void> {
  await createBaselineSchema(pool);
  const shown = progress("baseline: orders, order_lines", orders);
  let chunk: IsolationOrder[] = [];
  let done = 0;
  for (const o of mixOrders(mix, orders)) {
    chunk.push(o);
    if (chunk.length === 2_000) {
      await bulkLoadOrders(pool, chunk);
      done += chunk.length;
      shown(done);
      chunk = [];
    }
  }
  if (chunk.length > 0) {
    await bulkLoadOrders(pool, chunk);
    shown(orders);
  }
}

type MonthReports = Map<string, ReportRow[]>;

/** Every seeded month's reports: each grouping in full, and the top products. */
async function monthReports(s: SystemUnderTest): Promise<MonthReports> {
  const out: MonthReports = new Map();
  for (const month of months) {
    out.set(`${month} product`, await s.monthReport("product", month));
    out.set(`${month} region`, await s.monthReport("region", month));
    out.set(`${month} top ${topN}`, await s.topProducts(month, topN));
  }
  return out;
}

function differences(expected: MonthReports, actual: MonthReports): string[] {
  return [...expected].flatMap(([what, rows]) =>
    reportDifferences(rows, actual.get(what) ?? []).map((d) => `${what}: ${d}`),
  );
}

/**
 * The baseline's reports once (its data is loaded), then orderlens's until they agree row for
 * row, with a progress line every 30 s; the bench fails on a difference left after the wait.
 */
async function waitForAgreement(orderlens: SystemUnderTest, baseline: SystemUnderTest) {
  const expected = await monthReports(baseline);
  const started = performance.now();
  let shownAt = started;
  let last: string[] = [];
  await waitFor(
    async () => {
      last = differences(expected, await monthReports(orderlens));
      if (last.length > 0 && performance.now() - shownAt > 30_000) {
        shownAt = performance.now();
        log(
          `  waiting for orderlens to agree: ${last.length} rows differ after ${((shownAt - started) / 1000).toFixed(0)} s`,
        );
      }
      return last.length === 0 || undefined;
    },
    { timeoutMs: 60 * 60_000, intervalMs: 5_000, description: "both systems' reports to agree" },
  ).catch(() => {
    throw new Error(`the reports differ:\n${last.slice(0, 20).join("\n")}`);
  });
}

/**
 * Agreeing reports are not a quiet system: the orders index may still be catching up. Timing
 * starts once every event is applied and every row pushed, as the projector reports it.
 */
async function waitForConvergence(system: System): Promise<void> {
  const started = performance.now();
  let shownAt = started;
  await waitFor(
    async () => {
      const status = await system.queries.getProjectionStatus({});
      const lag = status.partitions.reduce((n, p) => n + Number(p.lagMessages), 0);
      const pending = Number(status.pendingDocuments);
      if (performance.now() - shownAt > 30_000) {
        shownAt = performance.now();
        log(`  waiting for the projection to settle: ${lag} messages, ${pending} documents`);
      }
      return (lag === 0 && pending === 0) || undefined;
    },
    { timeoutMs: 60 * 60_000, intervalMs: 2_000, description: "the projection to settle" },
  );
}

interface PhaseResult {
  system: string;
  phase: string;
  writes: WriteSample[];
  reports?: { latencies: number[]; errors: number; seconds: number };
}

/**
 * The report a dashboard asks for a month, in turn: its top products per currency, then its
 * region split. Months rotate, so no one month's pages stay hot.
 */
function monthReport(s: SystemUnderTest, i: number) {
  const month = months[Math.floor(i / 2) % months.length] ?? lastMonth;
  return i % 2 === 0 ? s.topProducts(month, topN) : s.monthReport("region", month);
}

/** One phase on one system: writes at the offered rate, with report clients if asked. */
async function runPhase(
  mode: PinMode,
  s: SystemUnderTest,
  phase: string,
  reporters: number,
  seconds = phaseSeconds,
): Promise<PhaseResult> {
  // New orders each run and phase: an id placed before would be refused, not written.
  const prefix = `${mix.run}-${mode}-${s.name}-${phase.replace(/\W/g, "")}`;
  const placed: string[] = [];
  const write = async (i: number) => {
    // Every other write completes the order placed a second earlier (two kinds of checkout write).
    const earlier = i % 2 === 1 && i > writeRate ? placed[(i - writeRate - 1) / 2] : undefined;
    if (earlier) return s.complete(earlier);
    const o = { ...isolationOrder(mix, i), orderId: `${prefix}-${i}` };
    await s.place(o);
    if (i % 2 === 0) placed[i / 2] = o.orderId;
  };
  const reportLoad = reporters > 0 ? closedLoop(reporters, (i) => monthReport(s, i)) : undefined;
  const writes = await openLoop(writeRate, seconds, write);
  const reports = await reportLoad?.stop();
  return { system: s.name, phase, writes, ...(reports ? { reports } : {}) };
}

/** The analyst's report: every product of the last twelve months, first run and second. */
async function analyst(s: SystemUnderTest): Promise<{ cold: number; warm: number; rows: number }> {
  const from = months.at(-12) ?? lastMonth;
  const t0 = performance.now();
  const rows = await s.analystReport(from, lastMonth);
  const cold = performance.now() - t0;
  const t1 = performance.now();
  await s.analystReport(from, lastMonth);
  return { cold, warm: performance.now() - t1, rows: rows.length };
}

/** The pids of the named programs (empty when none runs). */
async function pidsOf(name: string): Promise<string[]> {
  const { stdout } = await run("pgrep", ["-x", name]).catch(() => ({ stdout: "" }));
  return stdout.trim().split("\n").filter(Boolean);
}

/**
 * The write side is what checkout waits on: MariaDB, command-svc and its relay's broker. The read
 * side is what reports use: Meilisearch, query-svc, and the projector that keeps the read models
 * (its MySQL writes still land on the write side's MariaDB, as they would on separate machines).
 */
async function pinProcesses(system: System, mode: PinMode): Promise<void> {
  if (mode === "shared") return unpinServices();
  const write = [
    ...(await pidsOf("mariadbd")),
    ...(await pidsOf("beam.smp")),
    String(system.pids.command),
  ];
  const read = [system.meili.pid, system.pids.query, system.pids.projector]
    .filter((pid) => pid !== undefined && pid > 0)
    .map(String);
  for (const pid of write) await run("taskset", ["-a", "-p", "-c", "0", pid]);
  for (const pid of read) await run("taskset", ["-a", "-p", "-c", "1", pid]);
  log(
    "pinned: write side (MariaDB, RabbitMQ, command-svc) on cpu 0; read side (Meilisearch, query-svc, projector) on cpu 1",
  );
}

/** MariaDB and RabbitMQ outlive the bench: give them every core back. */
async function unpinServices(): Promise<void> {
  if (!pinModes.includes("split")) return;
  const cpus = `0-${availableParallelism() - 1}`;
  for (const pid of [...(await pidsOf("mariadbd")), ...(await pidsOf("beam.smp"))]) {
    await run("taskset", ["-a", "-p", "-c", cpus, pid]).catch(() => undefined);
  }
}

const ms = (v: number) => (Number.isNaN(v) ? "-" : v.toFixed(1)).padStart(8);

function printTable(results: PhaseResult[]): void {
  log("");
  log(
    "system     phase            writes  errors   p50 ms   p99 ms  p999 ms   reports/s  report p50  report p99",
  );
  for (const r of results) {
    const w = sortAscending(r.writes.map((s) => s.latencyMs));
    const rep = r.reports ? summarize(r.reports.latencies) : undefined;
    log(
      `${r.system.padEnd(10)} ${r.phase.padEnd(14)} ${String(r.writes.length).padStart(8)} ${String(r.writes.filter((s) => !s.ok).length).padStart(7)} ${ms(percentile(w, 50))} ${ms(percentile(w, 99))} ${ms(percentile(w, 99.9))}   ${(r.reports ? (r.reports.latencies.length / r.reports.seconds).toFixed(0) : "-").padStart(9)}  ${ms(rep?.p50 ?? Number.NaN)}  ${ms(rep?.p99 ?? Number.NaN)}`,
    );
  }
}

const writeP99 = (r: PhaseResult | undefined) =>
  percentile(sortAscending(r?.writes.map((s) => s.latencyMs) ?? []), 99);
const reportP99 = (r: PhaseResult | undefined) => summarize(r?.reports?.latencies ?? []).p99;

interface Ratios {
  line: string;
  /** Writes refused or failed: timings of a run that had any do not count. */
  failedWrites: number;
}

/** Writes and reports under one pinning: every phase on both systems, the table, the chart. */
async function measure(mode: PinMode, systems: SystemUnderTest[]): Promise<Ratios> {
  log("");
  log(
    `=== ${mode === "split" ? "write side and read side on separate cores" : "every process on both cores"}`,
  );
  // Untimed: connections opened, code paths compiled, caches as a running system has them.
  for (const s of systems) await runPhase(mode, s, "warm-up", 2, Math.min(5, phaseSeconds));
  const results: PhaseResult[] = [];
  for (const [phase, reporters] of [
    ["writes alone", 0],
    ["reports c=4", 4],
    ["reports c=16", 16],
  ] as const) {
    for (const s of systems) {
      log(`  ${s.name}: ${phase}`);
      results.push(await runPhase(mode, s, phase, reporters));
    }
  }
  printTable(results);
  log("");
  for (const s of systems) {
    const a = await analyst(s);
    log(
      `analyst's report (${a.rows} rows, 12 months x every product), ${s.name}: cold ${a.cold.toFixed(0)} ms, warm ${a.warm.toFixed(0)} ms`,
    );
  }
  const chart = writeChart(mode, systems, results);
  const find = (system: string, phase: string) =>
    results.find((r) => r.system === system && r.phase === phase);
  const a =
    writeP99(find("orderlens", "reports c=16")) / writeP99(find("orderlens", "writes alone"));
  const b = writeP99(find("baseline", "reports c=16")) / writeP99(find("baseline", "writes alone"));
  const c =
    reportP99(find("baseline", "reports c=16")) / reportP99(find("orderlens", "reports c=16"));
  log(`chart: ${chart}`);
  const failed = results.reduce((n, r) => n + r.writes.filter((w) => !w.ok).length, 0);
  return {
    failedWrites: failed,
    line: `isolation: orderlens write p99 x${a.toFixed(2)}, baseline write p99 x${b.toFixed(2)}, report speedup x${c.toFixed(1)}`,
  };
}

/** The run's write latency over time, both systems, phases laid end to end; returns its path. */
function writeChart(mode: PinMode, systems: SystemUnderTest[], results: PhaseResult[]): string {
  const series: ChartSeries[] = systems.map((s, i) => ({
    name: s.name,
    color: i === 0 ? "#1f77b4" : "#d62728",
    phases: results
      .filter((r) => r.system === s.name)
      .map((r) => ({ label: r.phase, samples: r.writes, seconds: phaseSeconds })),
  }));
  const path = join(chartDir, `isolation-${mode}.svg`);
  mkdirSync(chartDir, { recursive: true });
  const cores = mode === "split" ? "write and read sides on separate cores" : "shared cores";
  writeFileSync(
    path,
    latencyChartSvg(`Checkout write latency, ${cores}: orderlens vs one database`, series),
  );
  return path;
}

async function main() {
  const engine = benchMeiliEngines().at(-1) ?? "stand-in";
  log(
    `bench:isolation  ${orders} orders over ${months[0]}..${lastMonth}, writes at ${writeRate}/s, ${phaseSeconds} s per phase, run ${pin}, Meilisearch: ${engine === "real" ? "real" : "the stand-in"}`,
  );
  const meili = await startBenchMeili(engine, {
    standInBin: packageBin("@orderlens/meili-stand-in", "meili-stand-in"),
  });
  const system = await startSystem("isolation bench", {
    meili,
    env: npmStartSettings,
  });
  const baselineDb = await createTestDatabase("isolation bench baseline");
  const writes = mysql.createPool({ uri: baselineDb.url, timezone: "Z", connectionLimit: 64 });
  const reports = mysql.createPool({ uri: baselineDb.url, timezone: "Z", connectionLimit: 16 });
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    // Each step whatever became of the one before: a failed drop must not leave services running.
    const steps = [
      unpinServices,
      () => writes.end(),
      () => reports.end(),
      () => system.stop(),
      () => meili.close(),
      () => baselineDb.drop(),
    ];
    cleaning ??= (async () => {
      for (const step of steps) {
        await step().catch((error: unknown) => console.error("cleaning up:", error));
      }
    })();
    return cleaning;
  };
  // Interrupted, the services it started and the pinned MariaDB and RabbitMQ are put right too.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the system`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    const seedStarted = performance.now();
    await seedBaseline(writes);
    const shown = progress("orderlens: events appended", orders);
    await appendOrderEvents(system.eventsUrl, mixOrders(mix, orders), 2_000, shown);
    const orderlens = orderlensSystem(system);
    const baseline = baselineSystem(writes, reports);
    const systems = [orderlens, baseline];
    await waitForAgreement(orderlens, baseline);
    await waitForConvergence(system);
    log(
      `seeded, agreeing (every month, product and region) and settled in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
    );
    const ratios: Ratios[] = [];
    for (const mode of pinModes) {
      await pinProcesses(system, mode);
      ratios.push(await measure(mode, systems));
    }
    const last = ratios.at(-1) as Ratios;
    for (const r of ratios.slice(0, -1)) log(r.line);
    const failed = ratios.reduce((n, r) => n + r.failedWrites, 0);
    if (failed > 0) {
      process.exitCode = 1;
      log(`${failed} writes failed: these figures do not count`);
    }
    log(last.line);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
