import fc from "fast-check";
import { describe, it } from "vitest";
import { T0 } from "../test/fixtures.js";
import type { LineItem, OrderCommand } from "./commands.js";
import { foldEvents, orderDecider } from "./decider.js";
import type { DomainError } from "./errors.js";
import type { OrderEvent } from "./events.js";
import type { OrderState, OrderStatus } from "./state.js";
import { validateCommand } from "./validation.js";

const MAX = Number.MAX_SAFE_INTEGER;
const ORDER = "o-1";

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
const commandArb: fc.Arbitrary<OrderCommand> = fc.oneof(
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
const validCreate: OrderCommand = {
  type: "CreateOrder",
  orderId: ORDER,
  customerId: "c-1",
  region: "EU",
  currency: "EUR",
  items: [{ productId: "p-1", productName: "One", quantity: 2, unitPriceMinor: 150 }],
  at: T0,
};
const sequenceArb = fc
  .tuple(fc.boolean(), fc.array(commandArb, { minLength: 1, maxLength: 40 }))
  .map(([seed, rest]) => (seed ? [validCreate, ...rest] : rest));

function fail(message: string): never {
  throw new Error(message);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Checks every invariant with BigInt arithmetic, independently of the money helpers. */
function checkInvariants(state: OrderState): void {
  if (state.status === "none") {
    if (Object.keys(state).length !== 1) fail("none state carries data");
    return;
  }
  const { items } = state;
  if (items.length < 1 || items.length > 200) fail(`item count ${items.length}`);
  if (new Set(items.map((i) => i.productId)).size !== items.length) fail("duplicate productId");
  let sum = 0n;
  for (const item of items) {
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 10_000) {
      fail(`quantity ${item.quantity}`);
    }
    if (!Number.isSafeInteger(item.unitPriceMinor) || item.unitPriceMinor < 0) {
      fail(`price ${item.unitPriceMinor}`);
    }
    const line = BigInt(item.quantity) * BigInt(item.unitPriceMinor);
    if (line > BigInt(MAX)) fail("line total overflow");
    sum += line;
  }
  if (sum > BigInt(MAX)) fail("order total overflow");
  if (!Number.isSafeInteger(state.totalMinor) || BigInt(state.totalMinor) !== sum) {
    fail(`total ${state.totalMinor} != sum of lines ${sum}`);
  }
  if (state.status === "completed" && !Number.isSafeInteger(state.completedAt)) fail("completedAt");
  if (state.status === "cancelled" && typeof state.cancelReason !== "string") fail("cancelReason");
}

const LEGAL: ReadonlySet<string> = new Set([
  "none->pending",
  "pending->pending",
  "pending->completed",
  "pending->cancelled",
]);

/** Independent oracle for well-formed commands: should this be accepted in this state? */
function expectedError(command: OrderCommand, state: OrderState): DomainError["type"] | "none" {
  if (command.type === "CreateOrder")
    return state.status === "none" ? "none" : "OrderAlreadyExists";
  if (state.status === "none") return "OrderNotFound";
  if (command.orderId !== state.orderId) return "OrderIdMismatch";
  if (state.status !== "pending") return "IllegalTransition";
  const ids = state.items.map((i) => i.productId);
  if (command.type === "AddItem") {
    if (ids.includes(command.item.productId)) return "ItemAlreadyInOrder";
    if (ids.length >= 200) return "TooManyItems";
    const next =
      BigInt(state.totalMinor) +
      BigInt(command.item.quantity) * BigInt(command.item.unitPriceMinor);
    return next > BigInt(MAX) ? "OrderTotalOutOfRange" : "none";
  }
  if (command.type === "RemoveItem") {
    if (!ids.includes(command.productId)) return "ItemNotInOrder";
    return ids.length === 1 ? "LastItemCannotBeRemoved" : "none";
  }
  return "none";
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

describe("order decider properties", () => {
  it("random command sequences never break an invariant and replay to the same state", () => {
    const seen = { accepted: 0, rejected: 0, completed: 0, cancelled: 0, full: 0 };
    const errors = new Map<DomainError["type"], number>();
    fc.assert(
      fc.property(sequenceArb, (commands) => {
        let state: OrderState = orderDecider.initialState();
        const history: OrderEvent[] = [];
        for (const raw of commands) {
          const command = deepFreeze(raw);
          deepFreeze(state);
          const before = JSON.stringify(state);
          const result = orderDecider.decide(command, state);
          const again = orderDecider.decide(command, state);
          if (!sameJson(result, again)) fail("decide is not deterministic");
          const violations = validateCommand(command);
          const predicted =
            violations.length > 0 ? "ValidationFailed" : expectedError(command, state);

          if (!result.ok) {
            seen.rejected++;
            errors.set(result.error.type, (errors.get(result.error.type) ?? 0) + 1);
            if ("events" in result) fail("a rejection carried events");
            if (result.error.type !== predicted) {
              fail(`expected ${predicted}, got ${JSON.stringify(result.error)}`);
            }
            if (JSON.stringify(state) !== before) fail("decide mutated state");
            continue;
          }
          seen.accepted++;
          if (predicted !== "none") fail(`accepted a command the oracle rejects: ${predicted}`);
          if (state.status === "completed" || state.status === "cancelled") {
            fail("accepted a command after a terminal state");
          }
          if (result.events.length !== 1) fail("expected exactly one event");
          const next = result.events.reduce(orderDecider.evolve, state);
          const transition = `${state.status}->${next.status}`;
          if (!LEGAL.has(transition)) fail(`illegal transition ${transition}`);
          if (JSON.stringify(state) !== before) fail("evolve mutated state");
          checkInvariants(next);

          // Per-command postconditions.
          if (state.status === "pending" && next.status !== "none") {
            const delta = next.items.length - state.items.length;
            const expectedDelta =
              command.type === "AddItem" ? 1 : command.type === "RemoveItem" ? -1 : 0;
            if (delta !== expectedDelta) fail(`${command.type} changed items by ${delta}`);
          }
          if (next.status === "completed") {
            seen.completed++;
            const event = result.events[0];
            if (event?.type !== "OrderCompleted" || event.totalMinor !== next.totalMinor) {
              fail("OrderCompleted total differs from the order total");
            }
          }
          if (next.status === "cancelled") seen.cancelled++;
          if (next.status === "pending" && next.items.length === 200) seen.full++;

          history.push(...result.events);
          state = next;
        }

        checkInvariants(state);
        const replayed = foldEvents(history);
        if (!sameJson(replayed, state)) fail("replaying the events does not reproduce the state");
        const wire: OrderEvent[] = JSON.parse(JSON.stringify(history));
        if (!sameJson(wire, history)) fail("events are not plain JSON data");
        const fromWire = foldEvents(wire);
        if (!sameJson(fromWire, state)) fail("replaying JSON round-tripped events differs");
      }),
      { numRuns: 1500 },
    );
    // Guard against a generator that silently stops reaching the interesting states.
    if (seen.accepted < 1000 || seen.rejected < 1000) fail(`weak coverage ${JSON.stringify(seen)}`);
    if (seen.completed < 50 || seen.cancelled < 50 || seen.full < 10) {
      fail(`weak coverage ${JSON.stringify(seen)}`);
    }
    const everyError: DomainError["type"][] = [
      "ValidationFailed",
      "OrderNotFound",
      "OrderAlreadyExists",
      "OrderIdMismatch",
      "IllegalTransition",
      "ItemNotInOrder",
      "ItemAlreadyInOrder",
      "LastItemCannotBeRemoved",
      "TooManyItems",
      "OrderTotalOutOfRange",
    ];
    const missing = everyError.filter((type) => (errors.get(type) ?? 0) < 5);
    if (missing.length > 0) fail(`errors never reached: ${missing.join(", ")}`);
  });

  it("validation reports a violation for every bad field, whatever else is wrong", () => {
    fc.assert(
      fc.property(
        fc.record({
          orderId: fc.boolean(),
          customerId: fc.boolean(),
          region: fc.boolean(),
          currency: fc.boolean(),
          quantity: fc.boolean(),
          price: fc.boolean(),
          reasonless: fc.constant(true),
        }),
        (bad) => {
          const command: OrderCommand = {
            type: "CreateOrder",
            orderId: bad.orderId ? "" : "o-1",
            customerId: bad.customerId ? "has space" : "c-1",
            region: bad.region ? " " : "EU",
            currency: bad.currency ? "eur" : "EUR",
            items: [
              {
                productId: "p-1",
                productName: "One",
                quantity: bad.quantity ? 0 : 1,
                unitPriceMinor: bad.price ? -1 : 1,
              },
            ],
            at: T0,
          };
          const expected = [
            bad.orderId && "order_id",
            bad.customerId && "customer_id",
            bad.region && "region",
            bad.currency && "currency",
            bad.quantity && "items[0].quantity",
            bad.price && "items[0].unit_price_minor",
          ].filter((f): f is string => typeof f === "string");
          const actual = validateCommand(command).map((v) => v.field);
          if (!sameJson(actual, expected)) fail(`${actual} != ${expected}`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("no command changes a completed or cancelled order", () => {
    const terminalArb = fc.constantFrom<OrderStatus>("completed", "cancelled");
    fc.assert(
      fc.property(
        terminalArb,
        fc.array(commandArb, { minLength: 1, maxLength: 20 }),
        (end, cmds) => {
          const created = orderDecider.decide(validCreate, orderDecider.initialState());
          if (!created.ok) return fail("setup");
          let state = created.events.reduce(orderDecider.evolve, orderDecider.initialState());
          const close: OrderCommand =
            end === "completed"
              ? { type: "CompleteOrder", orderId: ORDER, at: T0 + 1 }
              : { type: "CancelOrder", orderId: ORDER, reason: "r", at: T0 + 1 };
          const closed = orderDecider.decide(close, state);
          if (!closed.ok) return fail("setup");
          state = deepFreeze(closed.events.reduce(orderDecider.evolve, state));
          for (const command of cmds) {
            const result = orderDecider.decide(command, state);
            if (result.ok) fail(`${command.type} changed a ${end} order`);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
