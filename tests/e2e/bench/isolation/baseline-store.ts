// The design orderlens replaces: one normalized schema (orders, order_lines) in the MariaDB
// checkout writes to, written in ordinary transactions, with monthly reports as GROUP BY
// queries over it. Indexed as a competent team would: the report filter (status, completion
// month) leads one index, and the lines are clustered by order.
import type { Connection, Pool, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import type { IsolationOrder } from "./isolation-orders.js";

type Db = Pool | Connection;

const schema = [
  `CREATE TABLE IF NOT EXISTS orders (
     order_id VARCHAR(64) NOT NULL PRIMARY KEY,
     customer_id VARCHAR(64) NOT NULL,
     region VARCHAR(64) NOT NULL,
     currency CHAR(3) NOT NULL,
     status ENUM('pending', 'completed', 'cancelled') NOT NULL,
     total_minor BIGINT NOT NULL,
     created_at DATETIME(3) NOT NULL,
     completed_at DATETIME(3) NULL,
     KEY orders_report (status, completed_at, currency, region),
     KEY orders_customer (customer_id, created_at)
   ) ENGINE=InnoDB`,
  `CREATE TABLE IF NOT EXISTS order_lines (
     order_id VARCHAR(64) NOT NULL,
     product_id VARCHAR(64) NOT NULL,
     product_name VARCHAR(200) NOT NULL,
     quantity INT NOT NULL,
     unit_price_minor BIGINT NOT NULL,
     PRIMARY KEY (order_id, product_id),
     KEY order_lines_product (product_id)
   ) ENGINE=InnoDB`,
];

export async function createBaselineSchema(db: Db): Promise<void> {
  for (const statement of schema) await db.query(statement);
}

const totalOf = (o: IsolationOrder) =>
  o.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);

const at = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));

function orderRow(o: IsolationOrder): unknown[] {
  return [
    o.orderId,
    o.customerId,
    o.region,
    o.currency,
    o.completedAt === undefined ? "pending" : "completed",
    totalOf(o),
    at(o.createdAt),
    at(o.completedAt),
  ];
}

const lineRows = (o: IsolationOrder): unknown[][] =>
  o.lines.map((l) => [o.orderId, l.productId, l.productName, l.quantity, l.unitPriceMinor]);

/** Seeding only: many orders per multi-row INSERT, in their final state. */
export async function bulkLoadOrders(db: Db, orders: readonly IsolationOrder[]): Promise<void> {
  if (orders.length === 0) return;
  await db.query(
    "INSERT INTO orders (order_id, customer_id, region, currency, status, total_minor, created_at, completed_at) VALUES ?",
    [orders.map(orderRow)],
  );
  await db.query(
    "INSERT INTO order_lines (order_id, product_id, product_name, quantity, unit_price_minor) VALUES ?",
    [orders.flatMap(lineRows)],
  );
}

/** Checkout: the order and its lines in one transaction, pending. */
export async function placeOrder(db: Pool, o: IsolationOrder): Promise<void> {
  const conn = await db.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query(
      "INSERT INTO orders (order_id, customer_id, region, currency, status, total_minor, created_at, completed_at) VALUES (?)",
      [orderRow({ ...o, completedAt: undefined } as IsolationOrder)],
    );
    await conn.query(
      "INSERT INTO order_lines (order_id, product_id, product_name, quantity, unit_price_minor) VALUES ?",
      [lineRows(o)],
    );
    await conn.commit();
  } catch (error) {
    await conn.rollback().catch(() => undefined);
    throw error;
  } finally {
    conn.release();
  }
}

/** Completion: refused unless the order is pending, as the domain refuses it. */
export async function completeOrder(db: Db, orderId: string, completedAt: number): Promise<void> {
  const [result] = await db.query<ResultSetHeader>(
    "UPDATE orders SET status = 'completed', completed_at = ? WHERE order_id = ? AND status = 'pending'",
    [new Date(completedAt), orderId],
  );
  if (result.affectedRows !== 1) throw new Error(`order ${orderId} is not pending`);
}

/** One row of a monthly report, as both systems answer it. */
export interface ReportRow {
  month: string;
  /** The product id or the region. */
  key: string;
  currency: string;
  quantity: number;
  revenueMinor: bigint;
  orders: number;
}

export type ReportGrouping = "product" | "region";

/**
 * Completed orders of the months `from`..`to` (UTC "YYYY-MM", by completion time) grouped by
 * month, product or region, and currency: what GetSalesReport answers from its aggregates.
 */
export async function monthlyReport(
  db: Db,
  grouping: ReportGrouping,
  from: string,
  to: string,
): Promise<ReportRow[]> {
  const key = grouping === "product" ? "l.product_id" : "o.region";
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT DATE_FORMAT(o.completed_at, '%Y-%m') AS month, ${key} AS k, o.currency,
            SUM(l.quantity) AS quantity, SUM(l.quantity * l.unit_price_minor) AS revenue,
            COUNT(DISTINCT o.order_id) AS orders
       FROM orders o JOIN order_lines l ON l.order_id = o.order_id
      WHERE o.status = 'completed' AND o.completed_at >= ? AND o.completed_at < ?
      GROUP BY month, k, o.currency
      ORDER BY month, k, o.currency`,
    [monthBound(from, 0), monthBound(to, 1)],
  );
  return rows.map((r) => ({
    month: String(r.month),
    key: String(r.k),
    currency: String(r.currency),
    quantity: Number(r.quantity),
    revenueMinor: BigInt(String(r.revenue)),
    orders: Number(r.orders),
  }));
}

/**
 * The month's top `n` products per currency by revenue (ties by product id), as the dashboard
 * asks: the GROUP BY still reads every completed line of the month, the LIMIT only cuts rows.
 */
export async function topProductsReport(db: Db, month: string, n: number): Promise<ReportRow[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT k, currency, quantity, revenue, orders FROM (
       SELECT l.product_id AS k, o.currency,
              SUM(l.quantity) AS quantity, SUM(l.quantity * l.unit_price_minor) AS revenue,
              COUNT(DISTINCT o.order_id) AS orders,
              ROW_NUMBER() OVER (PARTITION BY o.currency
                                 ORDER BY SUM(l.quantity * l.unit_price_minor) DESC, l.product_id)
                AS place
         FROM orders o JOIN order_lines l ON l.order_id = o.order_id
        WHERE o.status = 'completed' AND o.completed_at >= ? AND o.completed_at < ?
        GROUP BY l.product_id, o.currency
     ) ranked
     WHERE place <= ?
     ORDER BY currency, place`,
    [monthBound(month, 0), monthBound(month, 1), n],
  );
  return rows.map((r) => ({
    month,
    key: String(r.k),
    currency: String(r.currency),
    quantity: Number(r.quantity),
    revenueMinor: BigInt(String(r.revenue)),
    orders: Number(r.orders),
  }));
}

/** Midnight UTC of the first day of `month` plus `add` months, as MariaDB compares it. */
function monthBound(month: string, add: number): Date {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1 + add, 1));
}
