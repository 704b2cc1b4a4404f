import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { ProjectorAdmin } from "@orderlens/contracts";
import { createGrpcJsClient, fieldViolationsOf, type GrpcJsClient } from "@orderlens/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProjectorHarness, startProjectorHarness } from "../../test/projector-harness.js";
import {
  historyEventCount,
  historyOrders,
  historyZone,
  lateFebruaryOrder,
} from "./__fixtures__/history-orders.js";
import { type ExportProgress, exportHistory } from "./export-history.js";
import { monthFile } from "./month-files.js";
import { ExportRangeError } from "./month-range.js";
import { historyVariables, orderLinesView } from "./report-queries.js";

let h: ProjectorHarness;
let scratch: string;
let duck: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  h = await startProjectorHarness("history export");
  for (const [orderId, events] of Object.entries(historyOrders)) await h.append(orderId, events);
  scratch = await mkdtemp(join(tmpdir(), "orderlens-history-"));
  duck = await DuckDBInstance.create(":memory:");
  db = await duck.connect();
});
afterAll(async () => {
  db?.closeSync();
  duck?.closeSync();
  await h?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

let lateAppended = false;
/** The order completed after a first export; appended once, by whichever test needs it first. */
async function appendLateOrder(): Promise<void> {
  if (lateAppended) return;
  lateAppended = true;
  const [orderId, events] = lateFebruaryOrder;
  await h.append(orderId, events);
}

const exportTo = (
  dir: string,
  from: string,
  to: string,
  onProgress?: (p: ExportProgress) => void,
) => exportHistory({ eventStore: h.eventStore, dir, from, to, timeZone: historyZone, onProgress });

/** Every exported line as DuckDB reads the directory (the documented view), in a stable order. */
async function linesIn(dir: string): Promise<Record<string, unknown>[]> {
  await db.run(historyVariables(dir, ""));
  await db.run(orderLinesView);
  const reader = await db.runAndReadAll(
    "SELECT month, order_id, product_id, quantity, unit_price_minor, line_total_minor, currency, completed_day::VARCHAR AS completed_day, order_version FROM order_lines ORDER BY month, order_id, product_id",
  );
  return reader.getRowObjectsJS();
}

const line = (
  month: string,
  orderId: string,
  productId: string,
  quantity: number,
  unitPrice: number,
  currency: string,
  day: string,
  version: number,
) => ({
  month,
  order_id: orderId,
  product_id: productId,
  quantity,
  unit_price_minor: BigInt(unitPrice),
  line_total_minor: BigInt(quantity * unitPrice),
  currency,
  completed_day: day,
  order_version: version,
});

describe("history export", () => {
  it("writes each month's completed lines, cut in the report zone, one file per month", async () => {
    const dir = join(scratch, "first");
    const progress: ExportProgress[] = [];
    const report = await exportTo(dir, "2026-01", "2026-04", (p) => progress.push(p));

    expect(report.months.map(({ month, rows }) => [month, rows])).toEqual([
      ["2026-01", 3],
      ["2026-02", 3],
      ["2026-03", 1],
      ["2026-04", 0],
    ]);
    expect(report).toMatchObject({ totalRows: 7, files: 3, eventsReplayed: historyEventCount });
    expect(report.months[0]?.path).toBe(monthFile(dir, "2026-01"));
    expect(report.totalBytes).toBe(report.months.reduce((n, m) => n + m.bytes, 0));
    expect(report.months[3]).toEqual({ month: "2026-04", path: "", rows: 0, bytes: 0 });
    expect(progress.at(0)).toMatchObject({ kind: "replayed", eventsTotal: historyEventCount });
    expect(progress.filter((p) => p.kind === "month")).toHaveLength(4);

    expect(await linesIn(dir)).toEqual([
      line("2026-01", "o-jan", "p-1", 2, 1_000, "EUR", "2026-01-15", 2),
      line("2026-01", "o-jan", "p-2", 1, 500, "EUR", "2026-01-15", 2),
      line("2026-01", "o-new-year", "p-1", 1, 1_000, "USD", "2026-01-01", 2),
      line("2026-02", "o-changed", "p-2", 2, 500, "EUR", "2026-02-04", 4),
      line("2026-02", "o-changed", "p-4", 1, 9_900, "EUR", "2026-02-04", 4),
      line("2026-02", "o-edge", "p-3", 3, 250, "USD", "2026-02-01", 2),
      line("2026-03", "o-march", "p-1", 5, 1_000, "EUR", "2026-03-02", 2),
    ]);
    // Nothing but the partitions is left behind: no staging database, no temporary file.
    expect(await readdir(dir)).toEqual(["order_lines"]);
    expect(await readdir(join(dir, "order_lines"))).toEqual([
      "month=2026-01",
      "month=2026-02",
      "month=2026-03",
    ]);
    expect(await readdir(join(dir, "order_lines", "month=2026-02"))).toEqual([
      "order_lines.parquet",
    ]);
  });

  it("types the columns for any reader: text, integers, UTC timestamps, a date; month from the path", async () => {
    const dir = join(scratch, "types");
    await exportTo(dir, "2026-02", "2026-02");
    const file = monthFile(dir, "2026-02").replaceAll("'", "''");
    const schema = await db.runAndReadAll(
      `SELECT name, type, converted_type, logical_type FROM parquet_schema('${file}') WHERE name <> 'duckdb_schema'`,
    );
    expect(schema.getRowObjectsJS().map((c) => [c.name, c.type])).toEqual([
      ["order_id", "BYTE_ARRAY"],
      ["customer_id", "BYTE_ARRAY"],
      ["region", "BYTE_ARRAY"],
      ["currency", "BYTE_ARRAY"],
      ["product_id", "BYTE_ARRAY"],
      ["product_name", "BYTE_ARRAY"],
      ["quantity", "INT32"],
      ["unit_price_minor", "INT64"],
      ["line_total_minor", "INT64"],
      ["created_at", "INT64"],
      ["completed_at", "INT64"],
      ["completed_day", "INT32"],
      ["order_version", "INT32"],
    ]);
    const codecs = await db.runAndReadAll(
      `SELECT DISTINCT compression FROM parquet_metadata('${file}')`,
    );
    expect(codecs.getRowObjectsJS()).toEqual([{ compression: "ZSTD" }]);

    await db.run(historyVariables(dir, "2026-02"));
    await db.run(orderLinesView);
    const described = await db.runAndReadAll("DESCRIBE order_lines");
    expect(
      Object.fromEntries(described.getRowObjectsJS().map((c) => [c.column_name, c.column_type])),
    ).toMatchObject({
      unit_price_minor: "BIGINT",
      created_at: "TIMESTAMP",
      completed_at: "TIMESTAMP",
      completed_day: "DATE",
      month: "VARCHAR",
    });
    const edge = await db.runAndReadAll(
      "SELECT strftime(completed_at, '%Y-%m-%dT%H:%M:%S') AS at, strftime(created_at, '%Y-%m-%dT%H:%M:%S') AS created FROM order_lines WHERE order_id = 'o-edge'",
    );
    // Stored in UTC: the Tokyo cut decides the partition, never the stored instant.
    expect(edge.getRowObjectsJS()).toEqual([
      { at: "2026-01-31T23:30:00", created: "2026-01-31T20:00:00" },
    ]);
  });

  it("replaces a month's file on re-export (never appends), and removes one a month no longer has", async () => {
    const dir = join(scratch, "again");
    await exportTo(dir, "2026-01", "2026-02");
    await appendLateOrder();
    // A stale file where the range has no lines (as if left by an export of another store).
    await mkdir(join(dir, "order_lines", "month=2026-04"), { recursive: true });
    await copyFile(monthFile(dir, "2026-01"), monthFile(dir, "2026-04"));

    const again = await exportTo(dir, "2026-02", "2026-04");
    expect(again.months.map(({ month, rows }) => [month, rows])).toEqual([
      ["2026-02", 4],
      ["2026-03", 1],
      ["2026-04", 0],
    ]);
    const lines = await linesIn(dir);
    expect(lines.filter((l) => l.month === "2026-02").map((l) => l.order_id)).toEqual([
      "o-changed",
      "o-changed",
      "o-edge",
      "o-late",
    ]);
    // January, outside the second range, is left as the first export wrote it.
    expect(lines.filter((l) => l.month === "2026-01")).toHaveLength(3);
    expect(lines.filter((l) => l.month === "2026-04")).toEqual([]);
    expect(await readdir(join(dir, "order_lines"))).toEqual([
      "month=2026-01",
      "month=2026-02",
      "month=2026-03",
    ]);
  });

  it("refuses a range that ends first or spans more than 240 months, before touching anything", async () => {
    const dir = join(scratch, "refused");
    await expect(exportTo(dir, "2026-03", "2026-02")).rejects.toThrow(ExportRangeError);
    await expect(exportTo(dir, "2000-01", "2020-01")).rejects.toThrow(
      "to: the range from 2000-01 spans 241 months; at most 240 are exported at once",
    );
    await expect(exportTo(dir, "2026-1", "2026-02")).rejects.toThrow("from: must be YYYY-MM");
    await expect(readdir(dir)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("ExportHistory (admin RPC)", () => {
  let admin: GrpcJsClient<typeof ProjectorAdmin>;
  let dir: string;

  beforeAll(async () => {
    dir = join(scratch, "rpc");
    await appendLateOrder();
    const p = await h.startProjector({ historyDir: dir, timeZone: historyZone });
    admin = createGrpcJsClient(ProjectorAdmin, `127.0.0.1:${p.port}`);
  });
  afterAll(() => admin?.close());

  it("exports into HISTORY_DIR and answers each month, the totals and the events replayed", async () => {
    const reply = await admin.exportHistory({ fromMonth: "2026-01", toMonth: "2026-03" });
    expect(reply.months.map((m) => [m.month, m.path, m.rows])).toEqual([
      ["2026-01", monthFile(dir, "2026-01"), 3n],
      ["2026-02", monthFile(dir, "2026-02"), 4n],
      ["2026-03", monthFile(dir, "2026-03"), 1n],
    ]);
    expect(reply.totalRows).toBe(8n);
    expect(reply.files).toBe(3);
    expect(reply.eventsReplayed).toBe(BigInt(historyEventCount + 2));
    expect(reply.totalBytes).toBe(reply.months.reduce((n, m) => n + m.bytes, 0n));
    expect((await linesIn(dir)).length).toBe(8);
  });

  it("refuses bad ranges with INVALID_ARGUMENT naming the field", async () => {
    const refusal = async (fromMonth: string, toMonth: string) => {
      const error = await admin
        .exportHistory({ fromMonth, toMonth })
        .then(() => undefined)
        .catch((e: unknown) => ConnectError.from(e));
      expect(error?.code).toBe(Code.InvalidArgument);
      return fieldViolationsOf(error);
    };
    expect(await refusal("2026-03", "2026-02")).toEqual([
      { field: "to_month", description: "must not be before 2026-03" },
    ]);
    expect(await refusal("2000-01", "2026-01")).toEqual([
      {
        field: "to_month",
        description: "the range from 2000-01 spans 313 months; at most 240 are exported at once",
      },
    ]);
    const formats = await refusal("2026-13", "");
    expect(formats.map((v) => v.field)).toEqual(["from_month", "to_month"]);
    expect(formats[0]?.description).toMatch(/pattern/);
  });
});
