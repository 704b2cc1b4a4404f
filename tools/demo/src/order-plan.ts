import { pickWith } from "./random.js";

export interface Product {
  productId: string;
  productName: string;
  unitPriceMinor: bigint;
}

/** What happens to an order after it is placed: about 70% complete, 15% cancel, 15% stay pending. */
export type OrderFate = "complete" | "cancel" | "pending";

export interface OrderPlan {
  request: {
    requestId: string;
    customerId: string;
    region: string;
    currency: string;
    items: (Product & { quantity: number })[];
  };
  /** When the order is created (epoch ms): some time in the year before `now`. */
  createdAt: number;
  fate: OrderFate;
  /** When it completes or is cancelled: within the hour after `createdAt`. */
  endsAt: number;
}

const YEAR_MS = 365 * 24 * 3_600_000;
const HOUR_MS = 3_600_000;

/** The products the demo sells, with made-up names and prices. */
export function createCatalogue(random: () => number, products: number): Product[] {
  const pick = <T>(list: readonly T[]) => pickWith(random, list);
  return Array.from({ length: products }, (_, i) => ({
    productId: `sku-${String(i + 1).padStart(4, "0")}`,
    productName: `${pick(["Espresso", "Filter", "Cold brew", "Decaf", "Single origin"])} ${pick(["beans", "grinder", "kettle", "mug", "scale"])} ${i + 1}`,
    unitPriceMinor: BigInt(199 + Math.floor(random() * 20_000)),
  }));
}

export interface PlanContext {
  random: () => number;
  catalogue: readonly Product[];
  regions: readonly string[];
  /** Request ids are unique per run: a rerun places new orders instead of replaying old ones. */
  runId: string;
  now: number;
}

/** Order number `i` of the run: 1 to 4 distinct products, a region, a currency and a fate. */
export function planOrder(ctx: PlanContext, i: number): OrderPlan {
  const { random } = ctx;
  const createdAt = ctx.now - YEAR_MS + Math.floor(random() * (YEAR_MS - HOUR_MS));
  const lines = new Map<string, Product>();
  for (let k = 1 + Math.floor(random() * 4); k > 0; k--) {
    const p = pickWith(random, ctx.catalogue);
    lines.set(p.productId, p);
  }
  const request = {
    requestId: `demo-${ctx.runId}-${i}`,
    customerId: `cust-${1 + Math.floor(random() * 5_000)}`,
    region: pickWith(random, ctx.regions),
    currency: random() < 0.8 ? "EUR" : "USD",
    items: [...lines.values()].map((p) => ({ ...p, quantity: 1 + Math.floor(random() * 3) })),
  };
  const roll = random();
  const fate: OrderFate = roll < 0.7 ? "complete" : roll < 0.85 ? "cancel" : "pending";
  return { request, createdAt, fate, endsAt: createdAt + Math.floor(random() * HOUR_MS) };
}

/** The first month of the year the demo's orders are spread over, and the current one (UTC). */
export function reportMonths(now: number): { from: string; to: string } {
  return {
    from: new Date(now - YEAR_MS).toISOString().slice(0, 7),
    to: new Date(now).toISOString().slice(0, 7),
  };
}
