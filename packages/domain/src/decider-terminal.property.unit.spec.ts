import fc from "fast-check";
import { describe, it } from "vitest";
import { deepFreeze, fail } from "../test/decider-oracle.js";
import { T0 } from "../test/fixtures.js";
import { commandArb, ORDER, validCreate } from "../test/order-arbitraries.js";
import type { OrderCommand } from "./commands.js";
import { orderDecider } from "./decider.js";
import type { OrderStatus } from "./state.js";

describe("order decider properties", () => {
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
