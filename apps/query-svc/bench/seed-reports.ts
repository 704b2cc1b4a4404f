// The queries bench's data: projected orders and their sales documents, written through the
// projector's own index settings so queries run against what production serves.
import {
  ensureIndexes,
  type IndexNames,
  type OrderDocument,
  type ProductMonthDocument,
  type RegionMonthDocument,
} from "@orderlens/meili-indexes";
import type { Meilisearch } from "meilisearch";

export const regions = ["eu-west", "eu-north", "us-east", "us-west", "apac", "latam"];
const statuses = ["pending", "completed", "completed", "completed", "cancelled"] as const;
export const month = (i: number) => `2026-${String((i % 12) + 1).padStart(2, "0")}`;

function orderDocument(i: number): OrderDocument {
  const status = statuses[i % 5] ?? "pending";
  const items = [0, 1].map((k) => {
    const p = (i * 7 + k * 13) % 200;
    return {
      productId: `sku-${p}`,
      productName: `Product ${p}`,
      quantity: 1 + (i % 3),
      unitPriceMinor: 500 + p,
      lineTotalMinor: (1 + (i % 3)) * (500 + p),
    };
  });
  const createdAt = Date.UTC(2026, i % 12, 1 + (i % 28), i % 24);
  return {
    id: `o-${i}`,
    orderId: `o-${i}`,
    customerId: `c-${i % 5_000}`,
    region: regions[i % 6] ?? "eu-west",
    status,
    currency: i % 4 === 0 ? "USD" : "EUR",
    items,
    productIds: items.map((x) => x.productId),
    productNames: items.map((x) => x.productName),
    totalMinor: items.reduce((s, it) => s + it.lineTotalMinor, 0),
    createdAt,
    completedAt: status === "completed" ? createdAt + 3_600_000 : null,
    cancelledAt: status === "cancelled" ? createdAt + 3_600_000 : null,
    cancelReason: status === "cancelled" ? "bench" : null,
    month: month(i),
    day: new Date(createdAt).toISOString().slice(0, 10),
    version: 2,
  };
}

/** Adds a completed order to the month x region and month x product sales rows. */
function addSales(
  doc: OrderDocument,
  regionRows: Map<string, RegionMonthDocument>,
  sales: Map<string, ProductMonthDocument>,
): void {
  const { month, region, currency } = doc;
  const rkey = `${month}__${region}__${currency}`;
  const r = regionRows.get(rkey) ?? {
    id: rkey,
    month,
    region,
    currency,
    quantity: 0,
    revenueMinor: 0,
    completedOrders: 0,
    cancelledOrders: 0,
  };
  r.quantity += doc.items.reduce((q, x) => q + x.quantity, 0);
  r.revenueMinor += doc.totalMinor;
  r.completedOrders += 1;
  regionRows.set(rkey, r);
  for (const it of doc.items) {
    const key = `${month}__${it.productId}__${currency}`;
    const row = sales.get(key) ?? {
      id: key,
      month,
      productId: it.productId,
      productName: it.productName,
      currency,
      quantity: 0,
      revenueMinor: 0,
      completedOrders: 0,
    };
    row.quantity += it.quantity;
    row.revenueMinor += it.lineTotalMinor;
    row.completedOrders += 1;
    sales.set(key, row);
  }
}

/** `orders` orders' documents; with `reportsOnly`, only their sales rows (the orders index stays empty). */
export async function seed(
  meili: Meilisearch,
  names: IndexNames,
  orders: number,
  log: (line: string) => void,
  { reportsOnly = false } = {},
): Promise<void> {
  await ensureIndexes(meili, names);
  const docs: OrderDocument[] = [];
  const regionRows = new Map<string, RegionMonthDocument>();
  const sales = new Map<string, ProductMonthDocument>();
  for (let i = 0; i < orders; i++) {
    const doc = orderDocument(i);
    docs.push(doc);
    if (doc.status === "completed") addSales(doc, regionRows, sales);
  }
  const add = (index: string, documents: object[]) =>
    meili.index(index).addDocuments(documents, { primaryKey: "id" }).waitTask({ timeout: 120_000 });
  for (let i = 0; i < (reportsOnly ? 0 : docs.length); i += 20_000) {
    await add(names.orders, docs.slice(i, i + 20_000));
  }
  await add(names.salesByProductMonth, [...sales.values()]);
  await add(names.salesByRegionMonth, [...regionRows.values()]);
  log(
    `seeded ${reportsOnly ? "the sales rows of " : ""}${orders} orders, ${sales.size} product x month and ${regionRows.size} region x month sales documents`,
  );
}
