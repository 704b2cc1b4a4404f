#!/usr/bin/env node
import { createLogger, renderEnvHelp, reportFatal } from "@orderlens/server";
import { configSchema, loadStandInConfig } from "./config.js";
import { startMeiliStandIn } from "./server.js";

/** `meili-stand-in`: a Meilisearch stand-in for CI and local runs (never production). */
const service = "meili-stand-in";
if (process.argv[2] === "--help" || process.argv[2] === "help") {
  process.stderr.write(`usage: meili-stand-in\n\n${renderEnvHelp(configSchema)}`);
  process.exit(0);
}
const config = (() => {
  try {
    return loadStandInConfig();
  } catch (error) {
    reportFatal(service, error);
    process.exit(1);
  }
})();
const logger = createLogger({ service });
const standIn = await startMeiliStandIn({ ...config, logger });

const shutdown = (signal: string): void => {
  logger.info("shutdown", { signal });
  standIn.close().then(
    () => process.exit(0),
    (e: unknown) => {
      logger.error("shutdown_failed", { error: e });
      process.exit(1);
    },
  );
};
process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));
