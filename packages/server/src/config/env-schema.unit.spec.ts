import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { defineEnvSchema } from "./env-schema.js";
import { intVar, optionalStringVar } from "./env-var.js";

const schema = defineEnvSchema(
  {
    LOW: intVar({ default: 1, min: 0, max: 10, description: "lower bound" }),
    HIGH: intVar({ default: 5, min: 0, max: 10, description: "upper bound" }),
    KEY: optionalStringVar({ secret: true, description: "a key" }),
  },
  (v) => {
    if (v.LOW > v.HIGH) throw new ConfigError(`LOW (${v.LOW}) must not exceed HIGH (${v.HIGH})`);
    return { low: v.LOW, high: v.HIGH, key: v.KEY };
  },
);

describe("an environment schema", () => {
  it("lists the variables it reads, and shapes the values into its config", () => {
    expect([...schema.variables]).toEqual(["LOW", "HIGH", "KEY"]);
    expect(schema.load({})).toEqual({ low: 1, high: 5, key: undefined });
    expect(schema.load({ LOW: "2", HIGH: "9", KEY: "k", OTHER: "ignored" })).toEqual({
      low: 2,
      high: 9,
      key: "k",
    });
  });

  it("reports every wrong variable at once", () => {
    expect(() => schema.load({ LOW: "-1", HIGH: "x" })).toThrow(
      new ConfigError(
        'LOW must be an integer in 0..10, got "-1"; HIGH must be an integer in 0..10, got "x"',
      ),
    );
  });

  it("applies the rules between variables after each is valid", () => {
    expect(() => schema.load({ LOW: "7", HIGH: "3" })).toThrow(
      new ConfigError("LOW (7) must not exceed HIGH (3)"),
    );
  });
});
