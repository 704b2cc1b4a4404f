import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { defineEnvSchema } from "./env-schema.js";
import {
  boolVar,
  choiceVar,
  type EnvVar,
  intVar,
  listVar,
  optionalStringVar,
  parsedVar,
  patternVar,
  positiveIntsVar,
  stringVar,
  timeZoneVar,
  urlVar,
} from "./env-var.js";

/** The value of one variable `name`, read from `env` through a schema of its own. */
function read<T>(name: string, v: EnvVar<T>, env: NodeJS.ProcessEnv): T {
  return defineEnvSchema({ [name]: v }, (values) => values[name] as T).load(env);
}

const description = "test";
const port = (fallback: number) => intVar({ default: fallback, min: 0, max: 65535, description });
const flag = (fallback: boolean) => boolVar({ default: fallback, description });
const list = listVar({ description });
const delays = (fallback: number[]) => positiveIntsVar({ default: fallback, description });

describe("environment settings", () => {
  it("uses the default when unset or blank, the value when valid", () => {
    expect(read("PORT", port(8080), {})).toBe(8080);
    expect(read("PORT", port(8080), { PORT: " " })).toBe(8080);
    expect(read("PORT", port(8080), { PORT: "9090" })).toBe(9090);
    expect(read("ON", flag(false), { ON: "yes" })).toBe(true);
    expect(read("ON", flag(true), { ON: "0" })).toBe(false);
    expect(read("L", list, { L: " a, ,b " })).toEqual(["a", "b"]);
    expect(read("D", delays([1]), { D: "1000,5000" })).toEqual([1_000, 5_000]);
  });

  it("names the variable and what it takes when malformed", () => {
    expect(() => read("PORT", port(1), { PORT: "80x" })).toThrow(
      new ConfigError('PORT must be an integer in 0..65535, got "80x"'),
    );
    expect(() => read("PORT", port(1), { PORT: "70000" })).toThrow(ConfigError);
    expect(() => read("ON", flag(false), { ON: "maybe" })).toThrow(/ON must be true or false/);
    expect(() => read("D", delays([1]), { D: "10,-1" })).toThrow(
      /D must be comma-separated positive integers/,
    );
  });

  it("reads booleans case-insensitively, lists as undefined when unset", () => {
    expect(read("ON", flag(false), { ON: " TRUE " })).toBe(true);
    expect(read("ON", flag(true), { ON: "Off" })).toBe(false);
    expect(read("L", list, {})).toBeUndefined();
    expect(read("D", delays([5, 6]), {})).toEqual([5, 6]);
    expect(() => read("D", delays([1]), { D: "1.5" })).toThrow(ConfigError);
  });

  it("takes one of a few words, case-insensitively", () => {
    const level = choiceVar({ default: "info", values: ["debug", "info"], description });
    expect(read("LEVEL", level, {})).toBe("info");
    expect(read("LEVEL", level, { LEVEL: "DEBUG" })).toBe("debug");
    expect(() => read("LEVEL", level, { LEVEL: "loud" })).toThrow(
      new ConfigError('LEVEL must be one of debug, info, got "loud"'),
    );
  });

  it("trims strings and checks patterns", () => {
    const host = stringVar({ default: "0.0.0.0", description });
    expect(read("HOST", host, { HOST: " ::1 " })).toBe("::1");
    expect(read("HOST", host, { HOST: "" })).toBe("0.0.0.0");
    const prefix = patternVar({
      default: "",
      pattern: /^[a-z_]*$/,
      allowed: "a-z or _",
      description,
    });
    expect(read("P", prefix, { P: "t_" })).toBe("t_");
    expect(() => read("P", prefix, { P: "a b" })).toThrow(
      new ConfigError('P must be a-z or _, got "a b"'),
    );
  });

  it("checks URLs by protocol and never quotes their password back", () => {
    const mysql = urlVar({ default: "mysql://a@h/db", protocols: ["mysql:"], description });
    expect(read("URL", mysql, {})).toBe("mysql://a@h/db");
    expect(read("URL", mysql, { URL: "mysql://u:p@db:3306/x" })).toBe("mysql://u:p@db:3306/x");
    expect(() => read("URL", mysql, { URL: "postgres://u:s3cret@db/x" })).toThrow(
      new ConfigError('URL must be a mysql:// URL, got "postgres://u:***@db/x"'),
    );
    expect(() => read("URL", mysql, { URL: "not a url" })).toThrow(/URL must be a mysql:\/\/ URL/);
  });

  it("hides secret values and adds the parser's reason", () => {
    const key = optionalStringVar({ secret: true, description });
    expect(read("KEY", key, {})).toBeUndefined();
    expect(read("KEY", key, { KEY: " k " })).toBe("k");
    const pairs = parsedVar({
      description,
      shownDefault: "unset",
      allowed: "a=b pairs",
      secret: true,
      fallback: () => [] as string[],
      parse: (value) => {
        if (!value.includes("=")) throw new Error("no = in the first pair");
        return value.split(";");
      },
    });
    expect(read("PAIRS", pairs, { PAIRS: "a=b;c=d" })).toEqual(["a=b", "c=d"]);
    expect(() => read("PAIRS", pairs, { PAIRS: "topsecret" })).toThrow(
      new ConfigError('PAIRS must be a=b pairs (no = in the first pair), got "(hidden)"'),
    );
  });

  it("takes IANA time zones only", () => {
    const zone = timeZoneVar({ default: "UTC", description });
    expect(read("TZ", zone, {})).toBe("UTC");
    expect(read("TZ", zone, { TZ: "Europe/Berlin" })).toBe("Europe/Berlin");
    expect(() => read("TZ", zone, { TZ: "Mars/Olympus" })).toThrow(
      new ConfigError('TZ must be an IANA time zone such as Europe/Berlin, got "Mars/Olympus"'),
    );
  });
});
