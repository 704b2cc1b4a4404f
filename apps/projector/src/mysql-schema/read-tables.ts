import type { ColumnType } from "kysely";

/** One row per order: its projected state and how far the orders index has caught up. */
export interface ProjectedOrdersTable {
  order_id: string;
  version: number;
  /** The domain OrderState as JSON (MySQL 8 returns it parsed, MariaDB as text). */
  state: ColumnType<unknown, string, string>;
  last_position: number;
  synced_version: number;
  /** 1 while version > synced_version: the sync loop's work list. */
  dirty: number;
  /** Generated from the state: when it was created, and whether it is completed or cancelled. */
  created_at_ms: ColumnType<number | null, never, never>;
  finished: ColumnType<number | null, never, never>;
}

/** A tombstone per order retention took out of the window. */
export interface RetiredOrdersTable {
  order_id: string;
  version: number;
  order_month: string;
  retired_at: Date;
}

interface AggregateColumns {
  currency: string;
  quantity: number;
  revenue_minor: number;
  completed_orders: number;
  /** Bumped by every change; the sync loop pushes until synced_revision catches up. */
  revision: number;
  synced_revision: number;
  dirty: number;
}

export interface SalesMonthProductTable extends AggregateColumns {
  month: string;
  product_id: string;
  product_name: string;
}

export interface SalesMonthRegionTable extends AggregateColumns {
  month: string;
  region: string;
  cancelled_orders: number;
}

export interface SalesDailyTable extends AggregateColumns {
  day: string;
  month: string;
  cancelled_orders: number;
}

export interface ProjectorProgressTable {
  partition_no: number;
  last_position: number;
  last_recorded_at: Date;
  last_applied_at: Date;
  applied_events: number;
  retried_events: ColumnType<number, number | undefined, number>;
}

export interface ReadDatabase {
  projected_orders: ProjectedOrdersTable;
  retired_orders: RetiredOrdersTable;
  sales_month_product: SalesMonthProductTable;
  sales_month_region: SalesMonthRegionTable;
  sales_daily: SalesDailyTable;
  projector_progress: ProjectorProgressTable;
}
