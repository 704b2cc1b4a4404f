import { describe, expect, it } from "vitest";
import { renderEnvHelp, renderEnvTable } from "./env-docs.js";
import { defineEnvSchema } from "./env-schema.js";
import { intVar, optionalStringVar, urlVar } from "./env-var.js";

const schema = defineEnvSchema(
  {
    DEMO_PORT: intVar({ default: 7, min: 0, max: 9, description: "the `port`" }),
    DEMO_URL: urlVar({
      default: "mysql://user:pass@127.0.0.1:3306/database",
      protocols: ["mysql:"],
      description: "where",
    }),
    DEMO_KEY: optionalStringVar({ secret: true, description: "a key" }),
  },
  (v) => v,
);

describe("configuration docs from a schema", () => {
  it("renders a Markdown table: variable, default, meaning", () => {
    expect(renderEnvTable(schema)).toBe(
      [
        "| variable    | default                                     | meaning    |",
        "| ----------- | ------------------------------------------- | ---------- |",
        "| `DEMO_PORT` | `7`                                         | the `port` |",
        "| `DEMO_URL`  | `mysql://user:pass@127.0.0.1:3306/database` | where      |",
        "| `DEMO_KEY`  | unset                                       | a key      |",
      ].join("\n"),
    );
  });

  it("renders --help lines, a long default on a line of its own", () => {
    expect(renderEnvHelp(schema)).toBe(
      [
        "environment (variable, default, meaning):",
        "  DEMO_PORT  7                         the port",
        "  DEMO_URL   mysql://user:pass@127.0.0.1:3306/database",
        "                                       where",
        "  DEMO_KEY   unset                     a key",
        "",
      ].join("\n"),
    );
  });
});
