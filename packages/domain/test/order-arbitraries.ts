// fast-check generators of order commands for the decider's property specs. Small pools of ids
// and values near the limits, so that duplicates, missing items, wrong orders and overflowing
// totals actually happen.
import fc from "fast-check";
import type { LineItem, OrderCommand } from "../src/commands.js";
import { T0 } from "./fixtures.js";

const MAX = Number.MAX_SAFE_INTEGER;
export const ORDER = "o-1";

// Small pools so that duplicates, missing items and wrong orders actually happen.
const productIdArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("p-1", "p-2", "p-3", "p-4", "p-5", "p-6") },
  { weight: 1, arbitrary: fc.constantFrom("bulk-0", "bulk-150", "", "bad id", "x".repeat(65)) },
);
const quantityArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 10_000, 10_001, 1.5, -3) },
);
const priceArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
  // Near the top of the safe range, to exercise line and order total overflow.
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      MAX,
      MAX - 5,
      2 ** 52,
      Math.floor(MAX / 3),
      Math.floor(MAX / 10_000),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, MAX + 1, Number.NaN) },
);
const nameArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", "  ", "a\u0000b", "n".repeat(201), "😀".repeat(200)),
  },
);
const itemArb: fc.Arbitrary<LineItem> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      productId: productIdArb,
      productName: nameArb,
      quantity: quantityArb,
      unitPriceMinor: priceArb,
    }),
  },
  // Expensive lines with small quantities: valid on their own, but they overflow order totals.
  {
    weight: 1,
    arbitrary: fc.record({
      productId: productIdArb,
      productName: fc.constant("Yacht"),
      quantity: fc.integer({ min: 1, max: 3 }),
      unitPriceMinor: fc.oneof(
        fc.constantFrom(MAX, MAX - 5, 2 ** 52, Math.floor(MAX / 3)),
        fc.integer({ min: Math.floor(MAX / 4), max: Math.floor(MAX / 3) }),
      ),
    }),
  },
);
const bulkItems = (count: number): LineItem[] =>
  Array.from({ length: count }, (_, i) => ({
    productId: `bulk-${i}`,
    productName: `Bulk ${i}`,
    quantity: 1 + (i % 3),
    unitPriceMinor: 100 + i,
  }));
const itemsArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(itemArb, { minLength: 1, maxLength: 6 }) },
  { weight: 2, arbitrary: fc.constantFrom(199, 200, 200, 201).map(bulkItems) },
  { weight: 1, arbitrary: fc.constant([]) },
);
const orderIdArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant(ORDER) },
  { weight: 1, arbitrary: fc.constantFrom("o-2", "", "o 1") },
);
const atArb = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 90 * 86_400_000 }).map((d) => T0 + d) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, Number.NaN) },
);

const createArb: fc.Arbitrary<OrderCommand> = fc.record({
  type: fc.constant("CreateOrder" as const),
  orderId: orderIdArb,
  customerId: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("c-1", "c-2") },
    { weight: 1, arbitrary: fc.constant("bad id") },
  ),
  region: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("EU", "APAC", "Île-de-France") },
    { weight: 1, arbitrary: fc.constantFrom("", " EU", "r".repeat(65)) },
  ),
  currency: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("EUR", "JPY", "KWD") },
    { weight: 1, arbitrary: fc.constantFrom("usd", "XXX", "") },
  ),
  items: itemsArb,
  at: atArb,
});
export const commandArb: fc.Arbitrary<OrderCommand> = fc.oneof(
  { weight: 2, arbitrary: createArb },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant("AddItem" as const),
      orderId: orderIdArb,
      item: itemArb,
      at: atArb,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant("RemoveItem" as const),
      orderId: orderIdArb,
      productId: productIdArb,
      at: atArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("CompleteOrder" as const),
      orderId: orderIdArb,
      at: atArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("CancelOrder" as const),
      orderId: orderIdArb,
      reason: fc.oneof(
        { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
        { weight: 1, arbitrary: fc.constantFrom("r".repeat(501), "bad\u0007") },
      ),
      at: atArb,
    }),
  },
);
// Most sequences start with a valid CreateOrder so that they spend time in interesting states.
export const validCreate: OrderCommand = {
  type: "CreateOrder",
  orderId: ORDER,
  customerId: "c-1",
  region: "EU",
  currency: "EUR",
  items: [{ productId: "p-1", productName: "One", quantity: 2, unitPriceMinor: 150 }],
  at: T0,
};
export const sequenceArb = fc
  .tuple(fc.boolean(), fc.array(commandArb, { minLength: 1, maxLength: 40 }))
  .map(([seed, rest]) => (seed ? [validCreate, ...rest] : rest));
