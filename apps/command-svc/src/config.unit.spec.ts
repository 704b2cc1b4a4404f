import { describe, expect, it } from "vitest";
import { ConfigError, configVariables, loadConfig } from "./config.js";

describe("command-svc configuration", () => {
  it("works on a development machine with nothing set", () => {
    expect(loadConfig({})).toEqual({
      port: 50051,
      host: "0.0.0.0",
      mysqlUrl: "mysql://orderlens_command:orderlens-command-dev@127.0.0.1:3306/orderlens",
      mysqlPoolSize: 20,
      amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
      amqpPrefix: "orderlens",
      partitions: 8,
      retryDelaysMs: [1_000, 10_000, 60_000],
      relayEnabled: true,
      allowClientCommandTime: false,
      relayBatchSize: 500,
      relayPollMs: 250,
      maxMessageBytes: 1024 * 1024,
      corsOrigins: undefined,
      shutdownGraceMs: 10_000,
    });
  });

  it("reads each setting, and the shared ones it only checks (auth, log level)", () => {
    const config = loadConfig({
      COMMAND_PORT: "0",
      RELAY_ENABLED: "false",
      CORS_ORIGINS: "*",
      RETRY_DELAYS_MS: "200",
      ORDERLENS_TOKENS: "w:writer=orders:write",
      LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      port: 0,
      relayEnabled: false,
      corsOrigins: "*",
      retryDelaysMs: [200],
    });
    expect([...configVariables]).toEqual(
      expect.arrayContaining(["COMMAND_PORT", "MYSQL_POOL_SIZE", "ORDERLENS_TOKENS", "LOG_LEVEL"]),
    );
    expect(() => loadConfig({ LOG_LEVEL: "chatty", RELAY_POLL_MS: "5" })).toThrow(
      new ConfigError(
        'RELAY_POLL_MS must be an integer in 10..60000, got "5"; LOG_LEVEL must be one of debug, info, warn, error, got "chatty"',
      ),
    );
  });
});
