#!/usr/bin/env node
import { createDatabase, ensureDatabaseExists, migrateToLatest } from "@orderlens/event-store";
import { createLogger, renderEnvHelp, reportFatal } from "@orderlens/server";
import { configSchema, loadConfig } from "./config.js";
import { main } from "./main.js";

const usage = `usage: orderlens-command-svc <command>

commands:
  serve     run the command service (default): migrations, gRPC/Connect/gRPC-Web on COMMAND_PORT, outbox relay
  migrate   apply database migrations to MYSQL_URL and exit

${renderEnvHelp(configSchema)}`;

async function migrate(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: "command-svc" });
  await ensureDatabaseExists(config.mysqlUrl);
  const { db } = createDatabase({ url: config.mysqlUrl, connectionLimit: 1 });
  try {
    const result = await migrateToLatest(db);
    const applied = result.results?.map((r) => r.migrationName) ?? [];
    logger.info(applied.length ? "migrations applied" : "schema already up to date", { applied });
  } finally {
    await db.destroy();
  }
}

const command = process.argv[2] ?? "serve";
const run = command === "serve" ? main : command === "migrate" ? migrate : undefined;
if (!run) {
  process.stderr.write(
    command === "help" || command === "--help" ? usage : `unknown command ${command}\n\n${usage}`,
  );
  process.exit(command === "help" || command === "--help" ? 0 : 2);
}
run().catch((error: unknown) => {
  reportFatal("command-svc", error);
  process.exit(1);
});
