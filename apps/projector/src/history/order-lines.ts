import { type CompletedOrder, lineTotal, type ReportKeys } from "@orderlens/domain";

/** One line of a completed order, as the Parquet files hold it (plus its partition, `month`). */
export interface OrderLine {
  readonly orderId: string;
  readonly customerId: string;
  readonly region: string;
  readonly currency: string;
  readonly productId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly lineTotalMinor: number;
  /** Epoch ms, UTC. */
  readonly createdAt: number;
  /** Epoch ms, UTC. */
  readonly completedAt: number;
  /** YYYY-MM-DD of the completion in the report time zone. */
  readonly completedDay: string;
  /** The order's version once completed (the completion event's). */
  readonly orderVersion: number;
  /** YYYY-MM of the completion in the report time zone: the file the line goes to. */
  readonly month: string;
}

/**
 * The order's lines, keyed by its completion as the sales aggregates are (`keys` are
 * reportKeys(completedAt, zone)), so a file's sums equal GetSalesReport's for its month.
 */
export function orderLines(order: CompletedOrder, version: number, keys: ReportKeys): OrderLine[] {
  return order.items.map((item) => ({
    orderId: order.orderId,
    customerId: order.customerId,
    region: order.region,
    currency: order.currency,
    productId: item.productId,
    productName: item.productName,
    quantity: item.quantity,
    unitPriceMinor: item.unitPriceMinor,
    lineTotalMinor: lineTotal(item),
    createdAt: order.createdAt,
    completedAt: order.completedAt,
    completedDay: keys.day,
    orderVersion: version,
    month: keys.month,
  }));
}
