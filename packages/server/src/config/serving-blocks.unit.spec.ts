import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { defineEnvSchema } from "./env-schema.js";
import { corsOrigins, corsVars, listenVars, loggingEnv, shutdownVars } from "./serving-blocks.js";

describe("shared serving settings", () => {
  it("listen: <PREFIX>_PORT and <PREFIX>_HOST with the service's defaults", () => {
    const listen = defineEnvSchema(listenVars("DEMO", { port: 50051 }), (v) => v);
    expect([...listen.variables]).toEqual(["DEMO_PORT", "DEMO_HOST"]);
    expect(listen.load({})).toEqual({ DEMO_PORT: 50051, DEMO_HOST: "0.0.0.0" });
    expect(listen.load({ DEMO_PORT: "0", DEMO_HOST: "127.0.0.1" })).toEqual({
      DEMO_PORT: 0,
      DEMO_HOST: "127.0.0.1",
    });
    const local = defineEnvSchema(listenVars("MEILI", { port: 7700, host: "127.0.0.1" }), (v) => v);
    expect(local.load({}).MEILI_HOST).toBe("127.0.0.1");
    expect(() => listen.load({ DEMO_PORT: "65536" })).toThrow(
      new ConfigError('DEMO_PORT must be an integer in 0..65535, got "65536"'),
    );
  });

  it("CORS: off when unset, a list, or every origin", () => {
    const cors = defineEnvSchema(corsVars(), corsOrigins);
    expect(cors.load({})).toBeUndefined();
    expect(cors.load({ CORS_ORIGINS: "http://a.test, http://b.test" })).toEqual([
      "http://a.test",
      "http://b.test",
    ]);
    expect(cors.load({ CORS_ORIGINS: "http://a.test,*" })).toBe("*");
  });

  it("shutdown: a grace period of at most ten minutes", () => {
    const shutdown = defineEnvSchema(shutdownVars(), (v) => v.SHUTDOWN_GRACE_MS);
    expect(shutdown.load({})).toBe(10_000);
    expect(shutdown.load({ SHUTDOWN_GRACE_MS: "0" })).toBe(0);
    expect(() => shutdown.load({ SHUTDOWN_GRACE_MS: "600001" })).toThrow(
      /SHUTDOWN_GRACE_MS must be an integer in 0\.\.600000/,
    );
  });

  it("logging: LOG_LEVEL is one of four levels, info by default", () => {
    expect(loggingEnv.load({})).toBe("info");
    expect(loggingEnv.load({ LOG_LEVEL: " Warn " })).toBe("warn");
    expect(() => loggingEnv.load({ LOG_LEVEL: "verbose" })).toThrow(
      new ConfigError('LOG_LEVEL must be one of debug, info, warn, error, got "verbose"'),
    );
  });
});
