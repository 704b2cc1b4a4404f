#!/usr/bin/env node
import { createLogger, onShutdownSignals, renderEnvHelp, reportFatal } from "@orderlens/server";
import { configSchema, loadConfig } from "./config.js";
import { startQueryService } from "./query-service.js";

const usage = `usage: orderlens-query-svc <command>

commands:
  serve     answer reports and searches from Meilisearch (default)

${renderEnvHelp(configSchema)}`;

async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: "query-svc" });
  const service = await startQueryService(config, { logger });
  logger.info("query-svc ready", {
    grpc: `localhost:${service.port}`,
    connect: `http://localhost:${service.port}/orderlens.reports.v1.ReportQueryService/`,
    meili: config.meiliUrl,
  });
  onShutdownSignals(() => service.close(), { logger });
}

const command = process.argv[2] ?? "serve";
if (command !== "serve") {
  const help = command === "help" || command === "--help";
  process.stderr.write(help ? usage : `unknown command ${command}\n\n${usage}`);
  process.exit(help ? 0 : 2);
}
serve().catch((error: unknown) => {
  reportFatal("query-svc", error);
  process.exit(1);
});
