import { expect } from "vitest";
import type { Decider } from "../src/decider.js";

/** Like Partial, but all the way down, arrays included: what toMatchObject actually accepts. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly DeepPartial<U>[]
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * Given/when/then for deciders: given past events, when a command is decided, then it emits
 * exactly these events, or fails with an error matching a (deep) partial object; thenFails returns
 * the error for any further assertions.
 * `then` also folds the emitted events, so a test cannot pass with events evolve would reject.
 */
export const DeciderSpecification = {
  for<Command, Event, State, Error extends object>(decider: Decider<Command, Event, State, Error>) {
    return {
      given(events: readonly Event[] = []) {
        return {
          when(command: Command) {
            const run = () => {
              const state = events.reduce(decider.evolve, decider.initialState());
              return { state, result: decider.decide(command, state) };
            };
            return {
              // biome-ignore lint/suspicious/noThenProperty: "then" is the given/when/then vocabulary the specs read as; nothing awaits this object.
              then(expected: readonly Event[]): State {
                const { state, result } = run();
                if (!result.ok) {
                  throw new Error(
                    `Expected events, but decide failed: ${JSON.stringify(result.error)}`,
                  );
                }
                expect(result.events).toEqual(expected);
                return result.events.reduce(decider.evolve, state);
              },
              thenFails(matcher?: DeepPartial<Error>): Error {
                const { result } = run();
                if (result.ok) {
                  throw new Error(
                    `Expected a failure, but decide emitted ${JSON.stringify(result.events)}`,
                  );
                }
                expect(result).not.toHaveProperty("events");
                if (matcher !== undefined) expect(result.error).toMatchObject(matcher);
                return result.error;
              },
            };
          },
        };
      },
    };
  },
};
