import amqp from "amqplib";
import mysql from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { createAmqpScope } from "./amqp-scope.js";
import { getFreePort } from "./free-port.js";
import { createTestDatabase, mysqlServerUrl } from "./test-database.js";
import { eventually, waitFor } from "./wait-for.js";

describe("createTestDatabase", () => {
  it("creates an isolated database and drops it", async () => {
    const a = await createTestDatabase("harness spec");
    const b = await createTestDatabase("harness spec");
    expect(a.name).not.toBe(b.name);
    const conn = await mysql.createConnection({ uri: a.url });
    try {
      await conn.query("CREATE TABLE t (id INT PRIMARY KEY)");
      await conn.query("INSERT INTO t VALUES (1)");
      const [rows] = await conn.query("SELECT DATABASE() AS db");
      expect(rows).toEqual([{ db: a.name }]);
    } finally {
      await conn.end();
    }
    await a.drop();
    await b.drop();
    const admin = await mysql.createConnection({ uri: mysqlServerUrl().toString() });
    try {
      const [rows] = await admin.query("SHOW DATABASES LIKE ?", [a.name]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});

describe("createAmqpScope", () => {
  it("gives unique prefixes and deletes what was declared under them", async () => {
    const scope = createAmqpScope("harness spec");
    expect(createAmqpScope("harness spec").prefix).not.toBe(scope.prefix);
    const conn = await amqp.connect(scope.url);
    const ch = await conn.createChannel();
    await ch.assertExchange(`${scope.prefix}x`, "topic", { durable: false });
    await ch.assertQueue(`${scope.prefix}q`, { durable: false });
    await ch.close();
    await scope.cleanup();
    const probe = await conn.createChannel();
    const closed = new Promise((resolve) => probe.on("error", resolve));
    await expect(probe.checkQueue(`${scope.prefix}q`)).rejects.toThrow(/NOT_FOUND/);
    await closed;
    await conn.close();
  });
});

describe("getFreePort", () => {
  it("returns a bindable port", async () => {
    const port = await getFreePort();
    expect(port).toBeGreaterThan(0);
  });
});

describe("waitFor / eventually", () => {
  it("resolves once the probe yields a value", async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
  });

  it("names what never happened", async () => {
    await expect(
      eventually(
        () => {
          throw new Error("still red");
        },
        { timeoutMs: 50, intervalMs: 5, description: "the light to turn green" },
      ),
    ).rejects.toThrow(/the light to turn green: still red/);
  });
});
