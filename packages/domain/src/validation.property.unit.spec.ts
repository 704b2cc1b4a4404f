import fc from "fast-check";
import { describe, it } from "vitest";
import { fail, sameJson } from "../test/decider-oracle.js";
import { T0 } from "../test/fixtures.js";
import type { OrderCommand } from "./commands.js";
import { validateCommand } from "./validation.js";

describe("order decider properties", () => {
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
});
