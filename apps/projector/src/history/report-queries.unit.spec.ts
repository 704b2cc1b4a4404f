import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  historyVariables,
  orderLinesView,
  salesByProductQuery,
  salesByRegionQuery,
  salesTotalsQuery,
} from "./report-queries.js";

const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");

describe("the DuckDB queries the README documents", () => {
  it("are these strings, word for word (the end-to-end test runs them against GetSalesReport)", () => {
    for (const sql of [
      historyVariables(".data/history", "2026-11"),
      orderLinesView,
      salesByProductQuery,
      salesByRegionQuery,
      salesTotalsQuery,
    ]) {
      expect(readme).toContain(sql);
    }
  });

  it("quote the settings they are given", () => {
    expect(historyVariables("/data/o'hara", "2026-11")).toBe(
      "SET VARIABLE history_dir = '/data/o''hara';\nSET VARIABLE month = '2026-11';",
    );
  });
});
