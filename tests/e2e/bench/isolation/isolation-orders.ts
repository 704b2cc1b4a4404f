// The one order mix both systems of the isolation bench get: the same ids, lines, prices and
// times, from the order's index alone, so either system can be loaded or replayed in any order.

export interface IsolationLine {
  productId: string;
  productName: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface IsolationOrder {
  orderId: string;
  customerId: string;
  region: string;
  currency: string;
  lines: IsolationLine[];
  createdAt: number;
  /** Set for the orders that end completed (about 80%); the rest stay pending. */
  completedAt?: number;
}

export interface OrderMix {
  /** A prefix that keeps the ids of one run apart from another's. */
  run: string;
  /** The months the orders spread over, ending with `lastMonth`. */
  months: number;
  /** The last month, as a UTC "YYYY-MM". */
  lastMonth: string;
  products: number;
}

export const isolationRegions = ["eu-west", "eu-north", "us-east", "us-west", "apac", "latam"];
const currencies = ["EUR", "EUR", "EUR", "USD", "USD", "GBP"];

/** A small, fast, well-mixed integer hash (a fixed seed per order makes the mix reproducible). */
function mix(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Midnight UTC of the first day of the month `back` months before `lastMonth`. */
function monthStart(lastMonth: string, back: number): number {
  const [year, month] = lastMonth.split("-").map(Number) as [number, number];
  return Date.UTC(year, month - 1 - back, 1);
}

/** Order `i` of the mix: 1 to 5 lines (3 on average), spread evenly over the months. */
export function isolationOrder(m: OrderMix, i: number): IsolationOrder {
  const h = mix(i);
  const back = i % m.months;
  const start = monthStart(m.lastMonth, back);
  const span = monthStart(m.lastMonth, back - 1) - start;
  // Created in the month's first 27 days, completed within a day: both in the same month.
  const createdAt = start + (h % Math.min(span - 86_400_000, 27 * 86_400_000));
  const lineCount = 1 + (mix(h) % 5);
  const lines = Array.from({ length: lineCount }, (_, k) => {
    const p = mix(h + k) % m.products;
    return {
      productId: `sku-${p}`,
      productName: `Product ${p}`,
      quantity: 1 + ((h >>> (k * 3)) % 4),
      unitPriceMinor: 199 + (p % 97) * 50,
    };
  });
  const order: IsolationOrder = {
    orderId: `${m.run}-${i}`,
    customerId: `c-${h % 50_000}`,
    region: isolationRegions[h % isolationRegions.length] ?? "eu-west",
    currency: currencies[(h >>> 8) % currencies.length] ?? "EUR",
    lines: dedupeProducts(lines),
    createdAt,
  };
  if (h % 5 !== 0) order.completedAt = createdAt + 60_000 + (h % 3_600_000);
  return order;
}

/** One line per product, as an order holds (a repeated product adds to its quantity). */
function dedupeProducts(lines: IsolationLine[]): IsolationLine[] {
  const byProduct = new Map<string, IsolationLine>();
  for (const line of lines) {
    const seen = byProduct.get(line.productId);
    if (seen) seen.quantity += line.quantity;
    else byProduct.set(line.productId, { ...line });
  }
  return [...byProduct.values()];
}

/** The months from `from` to `to`, inclusive, as "YYYY-MM". */
export function monthsBetween(from: string, to: string): string[] {
  const index = (month: string) => {
    const [y, m] = month.split("-").map(Number) as [number, number];
    return y * 12 + m - 1;
  };
  const out: string[] = [];
  for (let i = index(from); i <= index(to); i++) {
    out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  }
  return out;
}

/**
 * The benches' mix: 24 months ending with last month (UTC), 2,000 products, ids prefixed by
 * `prefix` and the time; and its months, oldest first.
 */
export function benchMix(prefix: string): { mix: OrderMix; months: string[] } {
  const d = new Date();
  const lastMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
  const mix = {
    run: `${prefix}${Date.now().toString(36)}`,
    months: 24,
    lastMonth,
    products: 2_000,
  };
  return { mix, months: monthsBetween("2000-01", lastMonth).slice(-mix.months) };
}

/** The first `count` orders of the mix. */
export function* mixOrders(mix: OrderMix, count: number): Generator<IsolationOrder> {
  for (let i = 0; i < count; i++) yield isolationOrder(mix, i);
}
