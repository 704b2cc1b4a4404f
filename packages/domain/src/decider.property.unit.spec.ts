import fc from "fast-check";
import { describe, it } from "vitest";
import {
  checkInvariants,
  deepFreeze,
  expectedError,
  fail,
  LEGAL,
  sameJson,
} from "../test/decider-oracle.js";
import { sequenceArb } from "../test/order-arbitraries.js";
import { foldEvents, orderDecider } from "./decider.js";
import type { DomainError } from "./errors.js";
import type { OrderEvent } from "./events.js";
import type { OrderState } from "./state.js";
import { validateCommand } from "./validation.js";

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
});
