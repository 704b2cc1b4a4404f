#!/usr/bin/env node
// The history export at scale: BENCH_ORDERS orders of the isolation bench's mix (24 months)
// appended to a fresh event store (events only: nothing relays or projects them), then every
// month exported to Parquet through the projector's export, replayed from that store. As a
// same-run reference, the same rows are written again by a plain DuckDB COPY from an in-memory
// table: the ratio says what replaying the event store and writing month by month cost.
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { createDatabase, migrateToLatest } from "@orderlens/event-store";
import { type ExportProgress, type ExportReport, exportHistory } from "@orderlens/projector";
import { createTestDatabase, type TestDatabase } from "@orderlens/testing";
import { benchMix, mixOrders } from "./isolation/isolation-orders.js";
import { appendOrderEvents } from "./isolation/orderlens-seed.js";
import { progressBar } from "./progress-bar.js";

const orders = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const log = (line: string) => process.stdout.write(`${line}\n`);
const count = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

const { mix, months } = benchMix("exp");
const lastMonth = mix.lastMonth;

async function seed(store: TestDatabase): Promise<number> {
  const { db } = createDatabase({ url: store.url, connectionLimit: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const started = performance.now();
  const bar = progressBar("seeding: orders appended", orders, log);
  const events = await appendOrderEvents(store.url, mixOrders(mix, orders), 2_000, bar, {
    outbox: false,
  });
  log(`seeded: ${count(events)} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return events;
}

/** The export's progress: a bar over the replay, then one over the months written. */
function exportProgress(events: number) {
  const started = performance.now();
  const replayBar = progressBar("exporting: events replayed", events, log);
  let monthBar: ((done: number) => void) | undefined;
  let written = 0;
  let replaySeconds = 0;
  const onProgress = (p: ExportProgress) => {
    if (p.kind === "replayed") return replayBar(p.eventsReplayed);
    if (!monthBar) {
      // Started with the first file, so its rate is files per second of writing.
      replaySeconds = (performance.now() - started) / 1000;
      monthBar = progressBar("exporting: months written", months.length, log);
    }
    monthBar(++written);
  };
  return { onProgress, replaySeconds: () => replaySeconds };
}

async function runExport(store: TestDatabase, dir: string, events: number): Promise<ExportReport> {
  const { db } = createDatabase({ url: store.url, connectionLimit: 1 });
  const progress = exportProgress(events);
  try {
    const report = await exportHistory({
      eventStore: db,
      dir,
      from: months[0] ?? lastMonth,
      to: lastMonth,
      timeZone: "UTC",
      onProgress: progress.onProgress,
    });
    const replay = progress.replaySeconds();
    log(
      `exported in ${report.seconds.toFixed(1)} s: replay and staging ${replay.toFixed(1)} s, writing ${report.files} files ${(report.seconds - replay).toFixed(1)} s`,
    );
    return report;
  } finally {
    await db.destroy();
  }
}

async function filesBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return bytes;
}

/**
 * The reference: the exported rows loaded into an in-memory DuckDB table (untimed), then one
 * COPY of that table to zstd Parquet, a file per month (timed).
 */
async function plainDuckDBWrite(
  dir: string,
): Promise<{ rows: number; seconds: number; bytes: number }> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  const target = join(dir, "plain");
  try {
    const source = join(dir, "order_lines", "*", "*.parquet").replaceAll("'", "''");
    await db.run(
      `CREATE TABLE lines AS SELECT * FROM read_parquet('${source}', hive_partitioning = true, hive_types = {'month': VARCHAR})`,
    );
    const started = performance.now();
    const copied = await db.run(
      `COPY lines TO '${target.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month))`,
    );
    const seconds = (performance.now() - started) / 1000;
    return { rows: copied.rowsChanged, seconds, bytes: await filesBytes(target) };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

function printMonths(report: ExportReport): void {
  log("");
  log("month     rows        MB");
  for (const m of report.months) {
    log(`${m.month}  ${count(m.rows).padStart(10)}  ${mb(m.bytes).padStart(6)}`);
  }
  log(`total     ${count(report.totalRows).padStart(10)}  ${mb(report.totalBytes).padStart(6)}`);
  log("");
}

async function main() {
  log(
    `bench:export  ${count(orders)} orders over ${months[0]}..${lastMonth}, every month exported`,
  );
  const store = await createTestDatabase("export bench");
  const dir = await mkdtemp(join(tmpdir(), "orderlens-bench-export-"));
  try {
    const events = await seed(store);
    const report = await runExport(store, dir, events);
    printMonths(report);
    const rate = report.totalRows / report.seconds;
    log(
      `export: ${count(report.totalRows)} rows from ${count(report.eventsReplayed)} events in ${report.seconds.toFixed(1)} s = ${count(rate)} rows/s`,
    );
    const plain = await plainDuckDBWrite(dir);
    if (plain.rows !== report.totalRows) {
      throw new Error(`the plain write wrote ${plain.rows} rows, the export ${report.totalRows}`);
    }
    const plainRate = plain.rows / plain.seconds;
    log(
      `plain DuckDB COPY of the same rows from an in-memory table: ${plain.seconds.toFixed(2)} s = ${count(plainRate)} rows/s, ${mb(plain.bytes)} MB`,
    );
    const share = ((rate / plainRate) * 100).toFixed(1);
    log(
      `export: ${count(rate)} rows/s (${share}% of a plain DuckDB write), ${report.files} files, ${mb(report.totalBytes)} MB`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await store.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
