import { describe, expect, it } from "vitest";
import { ConfigError, envBool, envInt, envList, envPositiveInts } from "./env-config.js";

describe("environment settings", () => {
  it("uses the default when unset or blank, the value when valid", () => {
    expect(envInt({}, "PORT", 8080, 0, 65535)).toBe(8080);
    expect(envInt({ PORT: " " }, "PORT", 8080, 0, 65535)).toBe(8080);
    expect(envInt({ PORT: "9090" }, "PORT", 8080, 0, 65535)).toBe(9090);
    expect(envBool({ ON: "yes" }, "ON", false)).toBe(true);
    expect(envBool({ ON: "0" }, "ON", true)).toBe(false);
    expect(envList({ L: " a, ,b " }, "L")).toEqual(["a", "b"]);
    expect(envPositiveInts({ D: "1000,5000" }, "D", [1])).toEqual([1_000, 5_000]);
  });

  it("names the variable and what it takes when malformed", () => {
    expect(() => envInt({ PORT: "80x" }, "PORT", 1, 0, 65535)).toThrow(
      new ConfigError('PORT must be an integer in 0..65535, got "80x"'),
    );
    expect(() => envInt({ PORT: "70000" }, "PORT", 1, 0, 65535)).toThrow(ConfigError);
    expect(() => envBool({ ON: "maybe" }, "ON", false)).toThrow(/ON must be true or false/);
    expect(() => envPositiveInts({ D: "10,-1" }, "D", [1])).toThrow(
      /D must be comma-separated positive integers/,
    );
  });
});
