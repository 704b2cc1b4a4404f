#!/usr/bin/env node
import { createLogger } from "@orderlens/server";
import { startMeiliStandIn } from "./server.js";

/** `meili-stand-in`: a Meilisearch stand-in for CI and local runs (never production). */
const logger = createLogger({ service: "meili-stand-in" });
const port = Number(process.env.MEILI_PORT ?? "7700");
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.error("invalid_port", { MEILI_PORT: process.env.MEILI_PORT });
  process.exit(1);
}

const standIn = await startMeiliStandIn({
  port,
  host: process.env.MEILI_HOST ?? "127.0.0.1",
  masterKey: process.env.MEILI_MASTER_KEY || undefined,
  snapshotPath: process.env.MEILI_SNAPSHOT || undefined,
  logger,
});

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
