import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("query-svc configuration", () => {
  it("works on a development machine with nothing set", () => {
    expect(loadConfig({})).toEqual({
      port: 50052,
      host: "0.0.0.0",
      meiliUrl: "http://127.0.0.1:7700",
      meiliApiKey: undefined,
      indexPrefix: "",
      meiliTimeoutMs: 5_000,
      maxWaitMs: 10_000,
      defaultWaitMs: 2_000,
      corsOrigins: undefined,
      shutdownGraceMs: 10_000,
      reportTimeZone: "UTC",
      reportRetentionMonths: 0,
      watchMaxWatchers: 10_000,
      watchMaxUpdatesPerSecond: 4,
      watchPollMs: 100,
      watchChangeNotices: true,
      reportCacheEntries: 1_000,
      amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
      amqpPrefix: "orderlens",
    });
  });

  it("keeps GetOrder's default wait within its maximum", () => {
    expect(
      loadConfig({ GET_ORDER_DEFAULT_WAIT_MS: "0", GET_ORDER_MAX_WAIT_MS: "0" }),
    ).toMatchObject({ defaultWaitMs: 0, maxWaitMs: 0 });
    expect(() => loadConfig({ GET_ORDER_MAX_WAIT_MS: "1000" })).toThrow(
      new ConfigError(
        "GET_ORDER_DEFAULT_WAIT_MS (2000) must not exceed GET_ORDER_MAX_WAIT_MS (1000)",
      ),
    );
  });

  it("takes the search key, else the master key, and a real time zone", () => {
    expect(loadConfig({ MEILI_MASTER_KEY: "m" }).meiliApiKey).toBe("m");
    expect(loadConfig({ MEILI_MASTER_KEY: "m", MEILI_API_KEY: "s" }).meiliApiKey).toBe("s");
    expect(loadConfig({ REPORT_TIME_ZONE: "Europe/Berlin" }).reportTimeZone).toBe("Europe/Berlin");
    expect(() => loadConfig({ WATCH_MAX_UPDATES_PER_SECOND: "0" })).toThrow(
      /WATCH_MAX_UPDATES_PER_SECOND/,
    );
    expect(() => loadConfig({ REPORT_TIME_ZONE: "Berlin" })).toThrow(
      /REPORT_TIME_ZONE must be an IANA time zone/,
    );
  });

  it("bounds the report cache by entries, 0 turning it off, and names a wrong value", () => {
    expect(loadConfig({ REPORT_CACHE_ENTRIES: "0" }).reportCacheEntries).toBe(0);
    expect(loadConfig({ REPORT_CACHE_ENTRIES: "50000" }).reportCacheEntries).toBe(50_000);
    for (const wrong of ["-1", "many", "1.5", "1000001"]) {
      expect(() => loadConfig({ REPORT_CACHE_ENTRIES: wrong })).toThrow(
        new ConfigError(`REPORT_CACHE_ENTRIES must be an integer in 0..1000000, got "${wrong}"`),
      );
    }
  });
});
