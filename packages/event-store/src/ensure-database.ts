import mysql from "mysql2/promise";

/**
 * Creates the database named in the URL if it is missing, so a fresh machine needs no manual SQL
 * before `npm start`. Needs CREATE privilege; in production the database usually exists already.
 */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(name)) {
    throw new Error(
      `MYSQL_URL must name a database (letters, digits, _ $ -), got ${JSON.stringify(name)}`,
    );
  }
  parsed.pathname = "/";
  const conn = await mysql.createConnection({ uri: parsed.toString() });
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await conn.end();
  }
}
