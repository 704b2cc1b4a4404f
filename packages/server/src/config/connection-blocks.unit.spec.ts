import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import {
  amqpSettings,
  amqpVars,
  meiliSettings,
  meiliVars,
  mysqlPoolVars,
  mysqlVars,
} from "./connection-blocks.js";
import { defineEnvSchema } from "./env-schema.js";

describe("shared connection settings", () => {
  it("MySQL: the service's URL by default, mysql:// only, the password never quoted", () => {
    const mysql = defineEnvSchema(
      {
        ...mysqlVars({ url: "mysql://svc:dev@127.0.0.1:3306/db", description: "db" }),
        ...mysqlPoolVars(),
      },
      (v) => v,
    );
    expect(mysql.load({})).toEqual({
      MYSQL_URL: "mysql://svc:dev@127.0.0.1:3306/db",
      MYSQL_POOL_SIZE: 20,
    });
    expect(() => mysql.load({ MYSQL_URL: "http://svc:pw@db/x", MYSQL_POOL_SIZE: "0" })).toThrow(
      new ConfigError(
        'MYSQL_URL must be a mysql:// URL, got "http://svc:***@db/x"; MYSQL_POOL_SIZE must be an integer in 1..1000, got "0"',
      ),
    );
  });

  it("AMQP: URL, prefix, partitions and retry tiers, with today's defaults", () => {
    const amqp = defineEnvSchema(amqpVars(), amqpSettings);
    expect(amqp.load({})).toEqual({
      amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
      amqpPrefix: "orderlens",
      partitions: 8,
      retryDelaysMs: [1_000, 10_000, 60_000],
    });
    expect(amqp.load({ AMQP_URL: "amqps://u:p@mq:5671", PARTITIONS: "3" })).toMatchObject({
      amqpUrl: "amqps://u:p@mq:5671",
      partitions: 3,
    });
    expect(() => amqp.load({ PARTITIONS: "0", RETRY_DELAYS_MS: "1000,soon" })).toThrow(
      new ConfigError(
        'PARTITIONS must be an integer in 1..1024, got "0"; RETRY_DELAYS_MS must be comma-separated positive integers, got "1000,soon"',
      ),
    );
  });

  it("Meilisearch: the API key, else the master key; index prefixes that make index names", () => {
    const meili = defineEnvSchema(meiliVars({ keyActions: "search", prefix: "p" }), meiliSettings);
    expect(meili.load({})).toEqual({
      meiliUrl: "http://127.0.0.1:7700",
      meiliApiKey: undefined,
      indexPrefix: "",
    });
    expect(meili.load({ MEILI_MASTER_KEY: "master" }).meiliApiKey).toBe("master");
    expect(meili.load({ MEILI_MASTER_KEY: "master", MEILI_API_KEY: "api" }).meiliApiKey).toBe(
      "api",
    );
    expect(meili.load({ MEILI_INDEX_PREFIX: "t_1-" }).indexPrefix).toBe("t_1-");
    expect(() => meili.load({ MEILI_INDEX_PREFIX: "a/b", MEILI_URL: "ftp://x" })).toThrow(
      new ConfigError(
        'MEILI_URL must be a http:// or https:// URL, got "ftp://x"; MEILI_INDEX_PREFIX must be letters, digits, - and _ (part of index names), got "a/b"',
      ),
    );
  });
});
