import type { OrderCommand } from "./commands.js";
import { type DecideResult, decide } from "./decide.js";
import type { DomainError } from "./errors.js";
import type { OrderEvent } from "./events.js";
import { evolve } from "./evolve.js";
import { initialState, type OrderState } from "./state.js";

/** Emmett-style decider: the three pure functions a command handler needs. */
export interface Decider<Command, Event, State, Error> {
  decide(command: Command, state: State): DecideResult<Event, Error>;
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState, DomainError> =
  Object.freeze({ decide, evolve, initialState });

/** Folds a stream's events into its current state. */
export function foldEvents(events: Iterable<OrderEvent>, state = initialState()): OrderState {
  let current = state;
  for (const event of events) current = evolve(current, event);
  return current;
}
