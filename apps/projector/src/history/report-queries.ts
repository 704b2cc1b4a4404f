// The DuckDB queries that reproduce GetSalesReport for one month from the exported files. The
// root README shows them word for word (report-queries.unit.spec.ts checks it) and the end-to-end
// test runs these very strings against GetSalesReport, so the documented SQL cannot drift.
import { sqlString } from "./sql-string.js";

/** The two settings every query reads: where the files are and which month. */
export function historyVariables(historyDir: string, month: string): string {
  return [
    `SET VARIABLE history_dir = ${sqlString(historyDir)};`,
    `SET VARIABLE month = ${sqlString(month)};`,
  ].join("\n");
}

/** Every exported line, with its partition `month` read back from the directory names. */
export const orderLinesView = `CREATE OR REPLACE VIEW order_lines AS
SELECT * FROM read_parquet(
  getvariable('history_dir') || '/order_lines/*/*.parquet',
  hive_partitioning = true, hive_types = {'month': VARCHAR});`;

/** GetSalesReport, group_by PRODUCT, rank_by REVENUE, one month: its rows in its order. */
export const salesByProductQuery = `SELECT product_id AS key, arg_max(product_name, completed_at) AS label, currency,
  sum(line_total_minor) AS revenue_minor, sum(quantity) AS quantity,
  count(DISTINCT order_id) AS order_count
FROM order_lines
WHERE month = getvariable('month')
GROUP BY product_id, currency
ORDER BY currency, revenue_minor DESC, key;`;

/** GetSalesReport, group_by REGION, rank_by REVENUE, one month: its rows in its order. */
export const salesByRegionQuery = `SELECT region AS key, region AS label, currency,
  sum(line_total_minor) AS revenue_minor, sum(quantity) AS quantity,
  count(DISTINCT order_id) AS order_count
FROM order_lines
WHERE month = getvariable('month')
GROUP BY region, currency
ORDER BY currency, revenue_minor DESC, key;`;

/** GetSalesReport's totals (either grouping): per currency, every order counted once. */
export const salesTotalsQuery = `SELECT currency,
  sum(line_total_minor) AS revenue_minor, sum(quantity) AS quantity,
  count(DISTINCT order_id) AS order_count
FROM order_lines
WHERE month = getvariable('month')
GROUP BY currency
ORDER BY currency;`;
