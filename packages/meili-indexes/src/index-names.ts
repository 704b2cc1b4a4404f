export interface IndexNames {
  readonly orders: string;
  readonly salesByProductMonth: string;
  readonly salesByRegionMonth: string;
  readonly salesDaily: string;
  /** One document: the projector's progress, for GetProjectionStatus. Not derived from events. */
  readonly projectionStatus: string;
}

/** Index uids; a prefix lets tests (and several deployments) share one Meilisearch. */
export function createIndexNames(prefix = ""): IndexNames {
  return {
    orders: `${prefix}orders`,
    salesByProductMonth: `${prefix}sales_by_product_month`,
    salesByRegionMonth: `${prefix}sales_by_region_month`,
    salesDaily: `${prefix}sales_daily`,
    projectionStatus: `${prefix}projection_status`,
  };
}

export function allIndexes(names: IndexNames): string[] {
  return [names.orders, names.salesByProductMonth, names.salesByRegionMonth, names.salesDaily];
}
