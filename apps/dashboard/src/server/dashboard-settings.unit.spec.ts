import { describe, expect, it } from "vitest";
import { dashboardSettingsFromEnv } from "./dashboard-settings.js";

describe("dashboardSettingsFromEnv", () => {
  it("defaults to port 8080 and the services on localhost, auth off without tokens", () => {
    const s = dashboardSettingsFromEnv({});
    expect(s).toMatchObject({ port: 8080, host: "0.0.0.0" });
    expect(s.config).toEqual({
      commandUrl: "http://localhost:50051",
      queryUrl: "http://localhost:50052",
      projectorUrl: "http://localhost:50053",
      authRequired: false,
      pollIntervalMs: 2_000,
      streamRetryMs: 30_000,
    });
  });

  it("follows the services' ports, explicit URLs and whether they check tokens", () => {
    const s = dashboardSettingsFromEnv({
      DASHBOARD_PORT: "9090",
      QUERY_PORT: "6000",
      DASHBOARD_COMMAND_URL: "https://orders.example",
      ORDERLENS_TOKENS: "ops:secret=admin",
      DASHBOARD_POLL_INTERVAL_MS: "500",
    });
    expect(s.port).toBe(9090);
    expect(s.config).toMatchObject({
      commandUrl: "https://orders.example",
      queryUrl: "http://localhost:6000",
      authRequired: true,
      pollIntervalMs: 500,
    });
    expect(JSON.stringify(s.config)).not.toContain("secret");
    const disabled = dashboardSettingsFromEnv({
      ORDERLENS_TOKENS: "t=admin",
      ORDERLENS_AUTH_DISABLED: "true",
    });
    expect(disabled.config.authRequired).toBe(false);
  });

  it("refuses malformed settings with the variable's name", () => {
    expect(() => dashboardSettingsFromEnv({ DASHBOARD_PORT: "http" })).toThrow(/DASHBOARD_PORT/);
    expect(() => dashboardSettingsFromEnv({ DASHBOARD_QUERY_URL: "ftp://x" })).toThrow(/queryUrl/);
  });
});
