import { describe, expect, it } from "vitest";
import { parseRuntimeConfig } from "./runtime-config.js";

const good = {
  commandUrl: "http://localhost:50051/",
  queryUrl: "http://localhost:50052",
  projectorUrl: "https://ops.example:8443",
  authRequired: true,
};

describe("parseRuntimeConfig", () => {
  it("accepts what the static server writes, with default timings", () => {
    expect(parseRuntimeConfig(good)).toEqual({
      ...good,
      commandUrl: "http://localhost:50051",
      pollIntervalMs: 2_000,
      streamRetryMs: 30_000,
    });
  });

  it("refuses a deployment mistake with a message", () => {
    expect(() => parseRuntimeConfig([])).toThrow(/object/);
    expect(() => parseRuntimeConfig({ ...good, queryUrl: "localhost:50052" })).toThrow(/queryUrl/);
    expect(() => parseRuntimeConfig({ ...good, authRequired: "yes" })).toThrow(/authRequired/);
    expect(() => parseRuntimeConfig({ ...good, pollIntervalMs: 5 })).toThrow(/pollIntervalMs/);
  });
});
