import { createIndexNames, indexSettings } from "@orderlens/meili-indexes";
import fc from "fast-check";
import { adversarialStrings } from "./adversarial-strings.js";

/** The shape the projector writes into the `orders` index (only what the filter touches matters). */
export type OrderDocument = {
  id: string;
  orderId: string;
  customerId: string;
  region: string;
  status: "pending" | "completed" | "cancelled";
  currency: string;
  items: { productId: string; productName: string; quantity: number }[];
  productIds: string[];
  productNames: string[];
  totalMinor: number;
  createdAt: number;
  completedAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  month: string;
  day: string;
  version: number;
};

/** The projector's own filterable attributes for the orders index, so the test filters what production filters. */
export const orderFilterableAttributes: string[] = [
  ...(indexSettings(createIndexNames("")).orders?.filterableAttributes ?? []),
] as string[];

/** 2026-01-01T00:00:00Z; documents are spread over the following ~100 days. */
export const epochStart = Date.UTC(2026, 0, 1);
const spanMs = 100 * 86_400_000;

const plain = {
  regions: ["eu-west", "eu-central", "us-east", "ap-south"],
  customers: ["c-1", "c-2", "c-3", "C-1", "anna", "bob"],
  products: ["p-1", "p-2", "p-3", "sku-42"],
  currencies: ["EUR", "USD", "GBP", "eur"],
};

const text = (values: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...values) },
    { weight: 2, arbitrary: fc.constantFrom(...adversarialStrings) },
  );

// Instants near day / month edges and shared between documents, so range bounds hit equality.
const createdAt = fc.oneof(
  fc.integer({ min: epochStart, max: epochStart + spanMs }),
  fc.constantFrom(
    epochStart,
    epochStart + 1,
    Date.UTC(2026, 1, 1) - 1,
    Date.UTC(2026, 1, 1),
    Date.UTC(2026, 2, 1),
  ),
);

const documentArb = fc
  .record({
    customerId: text(plain.customers),
    region: text(plain.regions),
    status: fc.constantFrom("pending" as const, "completed" as const, "cancelled" as const),
    currency: text(plain.currencies),
    productIds: fc.array(text(plain.products), { maxLength: 4 }),
    totalMinor: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 100, 900, 1_000)),
    createdAt,
  })
  .map((d): Omit<OrderDocument, "id" | "orderId"> => {
    const iso = new Date(d.createdAt).toISOString();
    return {
      ...d,
      items: d.productIds.map((productId) => ({
        productId,
        productName: `Name of ${productId}`,
        quantity: 1,
      })),
      productNames: d.productIds.map((p) => `Name of ${p}`),
      completedAt: d.status === "completed" ? d.createdAt + 60_000 : null,
      cancelledAt: d.status === "cancelled" ? d.createdAt + 60_000 : null,
      cancelReason: d.status === "cancelled" ? "changed mind" : null,
      month: iso.slice(0, 7),
      day: iso.slice(0, 10),
      version: 1,
    };
  });

/** The same documents on every run (fixed seed), so a failure reproduces from its filter alone. */
export function generateOrderDocuments(count: number): OrderDocument[] {
  return fc.sample(documentArb, { numRuns: count, seed: 20_260_301 }).map((d, i) => ({
    id: `o-${i}`,
    orderId: `o-${i}`,
    ...d,
  }));
}
