#!/usr/bin/env node
import { createLogger, onShutdownSignals, reportFatal } from "@orderlens/server";
import { loadConfig } from "./config.js";
import { startQueryService } from "./query-service.js";

async function serve(): Promise<void> {
  const logger = createLogger({ service: "query-svc" });
  const config = loadConfig();
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
  process.stderr.write(`usage: orderlens-query-svc serve\n`);
  process.exit(command === "help" || command === "--help" ? 0 : 2);
}
serve().catch((error: unknown) => {
  reportFatal("query-svc", error);
  process.exit(1);
});
