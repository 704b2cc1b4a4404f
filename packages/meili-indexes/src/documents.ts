/**
 * The documents the projector writes and query-svc reads. Both sides import these types, so a
 * field renamed on one side is a compile error on the other.
 */

/** One order in the orders index. Money is integer minor units; times are epoch ms UTC. */
export interface OrderDocument {
  id: string;
  orderId: string;
  customerId: string;
  region: string;
  status: "pending" | "completed" | "cancelled";
  currency: string;
  items: {
    productId: string;
    productName: string;
    quantity: number;
    unitPriceMinor: number;
    lineTotalMinor: number;
  }[];
  productIds: string[];
  productNames: string[];
  totalMinor: number;
  /** Epoch milliseconds, UTC. */
  createdAt: number;
  completedAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  /** Month and day of creation in the reporting time zone. */
  month: string;
  day: string;
  version: number;
}

/** Sales per month x product (completed orders by completion date), one row per currency. */
export interface ProductMonthDocument {
  id: string;
  month: string;
  productId: string;
  productName: string;
  currency: string;
  quantity: number;
  /** Rounded to the nearest 64-bit float beyond 2^53 minor units; sorting only then. */
  revenueMinor: number;
  /** The exact sum as decimal digits, present only when revenueMinor is beyond 2^53. */
  revenueMinorExact?: string;
  completedOrders: number;
}

/** Sales per month x region; cancellations counted by cancellation month. */
export interface RegionMonthDocument {
  id: string;
  month: string;
  region: string;
  currency: string;
  quantity: number;
  /** Rounded to the nearest 64-bit float beyond 2^53 minor units; sorting only then. */
  revenueMinor: number;
  /** The exact sum as decimal digits, present only when revenueMinor is beyond 2^53. */
  revenueMinorExact?: string;
  completedOrders: number;
  cancelledOrders: number;
}

/** Sales per day; cancellations counted by cancellation day. */
export interface DailyDocument {
  id: string;
  day: string;
  month: string;
  currency: string;
  quantity: number;
  /** Rounded to the nearest 64-bit float beyond 2^53 minor units; sorting only then. */
  revenueMinor: number;
  /** The exact sum as decimal digits, present only when revenueMinor is beyond 2^53. */
  revenueMinorExact?: string;
  completedOrders: number;
  cancelledOrders: number;
}

/** The document query-svc reads for GetProjectionStatus (it never talks to MySQL or RabbitMQ). */
export interface ProjectionStatusDocument {
  id: "projector";
  partitions: {
    partition: number;
    lagMessages: number;
    lagSeconds: number;
    lastPosition: number;
    lastAppliedAt: number | null;
  }[];
  lastAppliedPosition: number;
  lastAppliedAt: number | null;
  eventsPerSecond: number;
  appliedTotal: number;
  retriesTotal: number;
  parkedCount: number;
  /** Rows not yet pushed to Meilisearch. */
  pendingDocuments: number;
  reportedAt: number;
}
