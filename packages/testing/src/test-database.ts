import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";

export interface TestDatabase {
  /** Database name, unique per call. */
  readonly name: string;
  /** MYSQL_URL pointing at this database. */
  readonly url: string;
  drop(): Promise<void>;
}

export const defaultMysqlServerUrl = "mysql://orderlens_dev:orderlens-dev@127.0.0.1:3306";

/** The server part of MYSQL_URL (any database in it is ignored). */
export function mysqlServerUrl(env: NodeJS.ProcessEnv = process.env): URL {
  const url = new URL(env.MYSQL_URL ?? defaultMysqlServerUrl);
  url.pathname = "/";
  return url;
}

function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 24);
}

/**
 * Creates a fresh database for one test file so files can run in parallel against one server
 * without seeing each other's rows. Drop it in afterAll.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const server = mysqlServerUrl();
  const name = `t_${slug(label)}_${randomBytes(4).toString("hex")}`;
  const admin = await mysql.createConnection({ uri: server.toString() });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const conn = await mysql.createConnection({ uri: server.toString() });
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}
